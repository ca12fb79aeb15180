package io.memscope.samples.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code memscope} command line. Exit codes: 0 success, 1 the command failed (a Vulkan error, a failed
 * check, leaks, out of Java heap), 2 bad usage (checked before anything runs: options, output paths, the
 * device) or Vulkan unavailable, 130 ended by Ctrl-C (after a clean shutdown). Errors are one line on stderr
 * ({@link OneLineErrors}).
 */
@Command(name = "memscope", mixinStandardHelpOptions = true, version = "memscope 0.1.0",
        description = "See and control GPU memory in Vulkan programs on the JVM.",
        subcommands = {DemoCommand.class, RunCommand.class, MonitorCommand.class, RecordCommand.class, OpenCommand.class,
                ExportCommand.class, ReplayCommand.class, ListCommand.class, TourCommand.class, InfoCommand.class,
                HelpCommand.class})
public final class MemscopeCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_UNAVAILABLE = 2;
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    static final int EXIT_CTRL_C = 130;

    @Spec
    @Nullable CommandSpec spec;

    /** No command: the usage on stderr; a usage error. */
    @Override
    public Integer call() {
        CommandLine commandLine = Objects.requireNonNull(spec).commandLine();
        commandLine.usage(commandLine.getErr());
        return EXIT_USAGE;
    }

    public static void main(String[] args) {
        int code = execute(args);
        if (CtrlC.pressed()) {
            System.err.println("memscope: stopped by Ctrl-C");
            return; // System.exit would wait for the shutdown hook, which waits for this thread; the JVM exits 130
        }
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (for tests); Ctrl-C meanwhile ends it cleanly. */
    public static int execute(String... args) {
        CtrlC ctrlC = CtrlC.install();
        try {
            OneLineErrors errors = new OneLineErrors();
            return new CommandLine(new MemscopeCommand())
                    .setParameterExceptionHandler(errors)
                    .setExecutionExceptionHandler(errors)
                    .execute(args);
        } catch (Error e) {
            return OneLineErrors.handleError(e, System.err);
        } finally {
            ctrlC.close();
        }
    }
}
