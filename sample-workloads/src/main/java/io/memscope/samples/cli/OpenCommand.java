package io.memscope.samples.cli;

import io.memscope.export.capture.CaptureMonitor;
import io.memscope.export.capture.CaptureReader;
import io.memscope.ui.MonitorWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code memscope open}: the dashboard on a capture (a {@code .jfr} file or a Flight Recorder repository folder), with
 * a timeline to move through it. Read-only: snapshots, defragmentation and thresholds are off. Needs a display.
 * Exit codes: 0 closed (or screenshot written), 2 bad usage (a missing or non-JFR capture, no such core, a bad
 * {@code --at}, no display).
 */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Open a capture (FILE.jfr or a JFR repository folder) in the dashboard, with a timeline "
                + "(docs/captures.md, Open). Needs a display.")
final class OpenCommand implements Callable<Integer> {
    /** How often the wait looks at Ctrl-C. */
    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    @Nullable CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", converter = CaptureInput.class,
            description = "The capture: a .jfr file, or a Flight Recorder repository folder.")
    @Nullable Path capture;

    @Option(names = "--at", paramLabel = "TIME", converter = ExportCommand.MomentValue.class,
            description = "The moment shown first, in seconds after the capture's start (12.5) or an ISO instant "
                    + "(default: the capture's end).")
    ExportCommand.@Nullable Moment at;

    @Option(names = "--core", paramLabel = "ID", converter = PositiveInt.class,
            description = "Which core of the capture (default: the first).")
    @Nullable Integer core;

    @Option(names = "--screenshot", paramLabel = "FILE.png", converter = OutputPaths.WritablePng.class,
            description = "Write the window at --at to this PNG and close (its folder must exist).")
    @Nullable Path screenshot;

    @Option(names = "--tab", paramLabel = "NAME",
            description = "The tab to show: History (default), \"Heaps & tags\", Allocations, \"Memory map\", "
                    + "\"Call sites\", Snapshots, Defragmentation, Warnings, Report (any case).")
    @Nullable String tab;

    @Override
    public Integer call() throws InterruptedException {
        CommandSpec s = Objects.requireNonNull(spec);
        Path path = Objects.requireNonNull(capture);
        new OutputCollisions().input("the capture", path).file("--screenshot", screenshot).check(s);
        String tabName = tab;
        if (tabName != null) {
            try {
                MonitorWindow.requireTab(tabName);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(s.commandLine(), String.valueOf(e.getMessage()));
            }
        }
        if (!Display.available()) {
            throw new ParameterException(s.commandLine(), "memscope open needs a display (neither DISPLAY nor "
                    + "WAYLAND_DISPLAY is set); for a capture without one, use memscope export");
        }
        CaptureReader reader = CaptureInput.open(s, path);
        int coreId = CaptureInput.core(s, reader, path, core);
        ExportCommand.Moment asked = at;
        if (asked != null) {
            ExportCommand.requireInside(s, reader, asked.in(reader));
        }
        System.out.println("memscope open: " + path + ": " + reader.summary());
        try (CaptureMonitor monitor = new CaptureMonitor(reader, coreId, path)) {
            ExportCommand.Moment moment = at;
            if (moment != null) {
                monitor.moveTo(moment.in(reader));
            }
            MonitorWindow window = MonitorWindow.show(monitor);
            if (tabName != null) {
                window.selectTab(tabName);
            }
            if (screenshot != null) {
                window.awaitShown(Duration.ofSeconds(30)); // the moment, and the memory map when it is in front
                System.out.println("dashboard screenshot: " + window.writeScreenshot(screenshot));
                window.close();
                return 0;
            }
            System.out.println("Close the dashboard's window to end.");
            while (!window.awaitClosed(POLL) && !CtrlC.pressed()) {
                // Ctrl-C ends it like closing the window
            }
            window.close();
            return CtrlC.pressed() ? MemscopeCommand.EXIT_CTRL_C : 0;
        }
    }
}
