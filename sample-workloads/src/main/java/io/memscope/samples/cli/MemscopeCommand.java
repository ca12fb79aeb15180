package io.memscope.samples.cli;

import io.memscope.core.exceptions.VulkanUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code memscope} command line. Exit codes: 0 success, 1 the command failed (a Vulkan error, a
 * failed check, leaks), 2 bad usage or Vulkan unavailable, 130 ended by Ctrl-C (after a clean shutdown).
 */
@Command(name = "memscope", mixinStandardHelpOptions = true, version = "memscope 0.1.0",
        description = "See and control GPU memory in Vulkan programs on the JVM.",
        subcommands = {DemoCommand.class, RunCommand.class, ListCommand.class, TourCommand.class, InfoCommand.class})
public final class MemscopeCommand implements Runnable {
    static final int EXIT_FAILED = 1;
    static final int EXIT_UNAVAILABLE = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int code = execute(args);
        if (!CtrlC.shuttingDown()) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new MemscopeCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("memscope: " + e.getMessage());
                    return e instanceof io.memscope.core.exceptions.VulkanUnavailableException ? EXIT_UNAVAILABLE : EXIT_FAILED;
                })
                .execute(args);
    }
}
