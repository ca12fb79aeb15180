package io.memscope.samples.cli;

import io.memscope.core.exceptions.VulkanUnavailableException;
import java.io.PrintStream;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Every error ends a command with one line on stderr, {@code memscope: ...}, and an exit code: a usage error
 * (the command line, an output path that cannot be written, a device that is not there) 2, with a pointer to
 * the command's help; Vulkan unavailable 2; any other failure 1; out of Java heap 1. Once Ctrl-C has started
 * the JVM's shutdown, errors are its consequences: nothing is printed here and the code is 130 ({@code main}
 * prints the one line).
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        if (CtrlC.pressed()) {
            return MemscopeCommand.EXIT_CTRL_C;
        }
        command.getErr().println("memscope: " + oneLine(String.valueOf(e.getMessage())) + suggestions(e) + "; see '"
                + command.getCommandSpec().qualifiedName() + " --help'");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        if (CtrlC.pressed()) {
            return MemscopeCommand.EXIT_CTRL_C;
        }
        command.getErr().println("memscope: " + oneLine(e.getMessage() != null ? e.getMessage() : e.toString()));
        return e instanceof VulkanUnavailableException ? MemscopeCommand.EXIT_UNAVAILABLE : MemscopeCommand.EXIT_FAILED;
    }

    /** An {@link Error} out of a command (picocli passes those on): Ctrl-C's consequences and out of heap get their code. */
    static int handleError(Error error, PrintStream err) {
        if (CtrlC.pressed()) {
            return MemscopeCommand.EXIT_CTRL_C;
        }
        if (error instanceof OutOfMemoryError) {
            err.println("memscope: out of Java heap (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB at most); give the JVM more, e.g. MEMSCOPE_JAVA_OPTS=-Xmx1g (launcher) or java -Xmx1g");
            return MemscopeCommand.EXIT_FAILED;
        }
        throw error;
    }

    private static String suggestions(ParameterException e) {
        return e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)"
                : "";
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\.$", "");
    }
}
