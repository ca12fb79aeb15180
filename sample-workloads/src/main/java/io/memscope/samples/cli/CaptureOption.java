package io.memscope.samples.cli;

import io.memscope.core.CallStacks;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryMonitor;
import io.memscope.export.capture.CaptureReader;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --capture FILE.jfr} for the commands that run workloads: records the whole run as a capture (docs/captures.md)
 * and prints where it went with a one-line summary read back from the file.
 */
final class CaptureOption {
    @Option(names = "--capture", paramLabel = "FILE.jfr", converter = OutputPaths.WritableFile.class,
            description = "Record the run as a capture (a JFR recording with memscope's events, the device layout and "
                    + "the live state at every chunk start; at most 256 MiB); its folder must exist.")
    @Nullable Path file;

    @Spec(Spec.Target.MIXEE)
    @Nullable CommandSpec spec;

    @Option(names = "--call-stacks", paramLabel = "WHICH", converter = CallStacksValue.class,
            description = "With --capture: record who allocated: the call stack of " + CallStacksValue.VALUES
                    + " (default: none).")
    @Nullable CallStacks callStacks;

    /**
     * Starts the capture if one was asked for.
     *
     * @throws ParameterException if {@code --call-stacks} was given without {@code --capture}
     */
    void start(MemoryMonitor monitor) {
        check();
        CallStacks stacks = callStacks;
        if (file != null) {
            monitor.startCapture(file, CaptureOptions.defaults().withCallStacks(stacks != null ? stacks
                    : CallStacks.off()));
        }
    }

    /**
     * Refuses {@code --call-stacks} without {@code --capture}, and a capture file that collides with the command's
     * other outputs ({@code others}, already filled in) — usage errors, exit code 2.
     */
    void check(OutputCollisions others) {
        CommandSpec s = spec;
        if (s != null) {
            others.file("--capture", file).check(s);
        }
        check();
    }

    /** Refuses {@code --call-stacks} without {@code --capture} (a usage error: exit code 2). */
    void check() {
        if (file == null && callStacks != null) {
            CommandSpec s = spec;
            if (s == null) {
                throw new IllegalArgumentException("--call-stacks needs --capture FILE.jfr");
            }
            throw new ParameterException(s.commandLine(), "--call-stacks needs --capture FILE.jfr");
        }
    }

    /**
     * Stops the capture if one runs, writes its file and prints a summary line. After Ctrl-C (the JVM is exiting)
     * Flight Recorder's own exit hook writes the file, already running: stopping the recording here would race it,
     * so this only says where the file goes.
     */
    void stop(MemoryMonitor monitor) {
        if (file == null) {
            return;
        }
        if (CtrlC.pressed()) {
            System.out.println("capture: Flight Recorder writes " + file + " as the JVM exits (Ctrl-C)");
            return;
        }
        Path written = monitor.stopCapture();
        System.out.println("capture written to " + written + " (" + CaptureReader.open(written).summary() + ")");
    }
}
