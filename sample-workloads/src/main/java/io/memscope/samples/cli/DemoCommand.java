package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.core.VulkanContext;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryStats;
import io.memscope.samples.report.HeadlessReport;
import io.memscope.samples.workloads.DynamicRendererWorkload;
import io.memscope.samples.workloads.TerrainWorkload;
import io.memscope.ui.MonitorWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memscope demo}: the terrain and dynamic renderers together on the device. With a display the
 * dashboard opens next to them and they run until the window is closed; without one (or with
 * {@code --no-monitor}) they run for {@code --seconds} and a report folder is written (figures, CSV files,
 * PNG history charts). With {@code --metrics-port} it serves GPU memory as Prometheus metrics meanwhile. Exit codes:
 * 0 done without leaks, 1 leaks or a failure, 2 bad usage or Vulkan unavailable.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The terrain and dynamic renderers with the dashboard next to them until "
        + "its window closes (no display or --no-monitor: 20 s, then a report folder with figures, CSV and PNG charts).")
final class DemoCommand implements Callable<Integer> {
    private static final int HEADLESS_SECONDS = 20;

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    CaptureOption capture = new CaptureOption();

    @Mixin
    MetricsOption metrics = new MetricsOption();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Open the dashboard when there is a display (default: ${DEFAULT-VALUE}).")
    boolean monitor;

    @ArgGroup(exclusive = true)
    @Nullable LoopLimit limit;

    @Option(names = "--screenshot", paramLabel = "FILE.png", converter = OutputPaths.WritablePng.class,
            description = "With the dashboard: write it to this PNG at the end and close (its folder must exist).")
    @Nullable Path screenshot;

    @Option(names = "--tab", paramLabel = "NAME",
            description = "With the dashboard: the tab to show (as for open: History, \"Memory map\", ...).")
    @Nullable String tab;

    @Option(names = "--report", paramLabel = "FOLDER", converter = OutputPaths.WritableFolder.class,
            description = "Headless: the report folder (default: memscope-report-<time> in the current directory).")
    @Nullable Path report;

    @Override
    public Integer call() {
        boolean display = Display.available();
        boolean dashboard = monitor && display;
        if (screenshot != null && !dashboard) {
            throw usage("--screenshot needs the dashboard: a display and no --no-monitor");
        }
        String tabName = tab;
        if (tabName != null) {
            try {
                MonitorWindow.requireTab(tabName);
            } catch (IllegalArgumentException e) {
                throw usage(String.valueOf(e.getMessage()));
            }
            if (!dashboard) {
                throw usage("--tab needs the dashboard: a display and no --no-monitor");
            }
        }
        if (report != null && dashboard) {
            throw usage("--report is for the headless demo: add --no-monitor");
        }
        capture.check(new OutputCollisions().file("--screenshot", screenshot).folder("--report", report));
        Path folder = dashboard ? null : report != null ? report : defaultReportFolder();
        try (MetricsEndpoint endpoint = metrics.open()) {
            return demo(folder, display, dashboard, endpoint);
        }
    }

    private Integer demo(@Nullable Path folder, boolean display, boolean dashboard,
                         @Nullable MetricsEndpoint endpoint) {
        if (monitor && !display) {
            System.out.println("memscope: no display; running headless and writing a report folder");
        }
        try (VulkanContext ctx = device.open()) {
            System.out.println("memscope demo on " + ctx);
            AllocatorCore core = AllocatorCore.create(ctx);
            if (endpoint != null) {
                endpoint.serve(core.monitor());
                System.out.println("metrics: " + endpoint.url());
            }
            capture.start(core.monitor());
            MonitorWindow window = dashboard ? MonitorWindow.show(core.monitor()) : null;
            String tabName = tab;
            if (window != null && tabName != null) {
                window.selectTab(tabName);
            }
            HeadlessReport headless = dashboard ? null : new HeadlessReport(core.monitor());
            if (window != null && limit == null && screenshot == null) {
                System.out.println("The dashboard watches the terrain and dynamic renderers; close its window to end "
                        + "(F10 panel, F11 snapshot, F12 defragment).");
            }
            TerrainWorkload terrain = new TerrainWorkload(core, seed);
            DynamicRendererWorkload dynamic = new DynamicRendererWorkload(core, seed);
            try {
                int done = run(core, window, terrain, dynamic);
                core.monitor().sampleNow();
                core.monitor().takeSnapshot("end of demo (" + done + " frames)");
                MemoryStats end = core.getStats();
                String summary = String.format(Locale.ROOT, "memscope demo: %d frames of terrain + dynamic renderer on %s%n"
                                + "at the end: %d allocations, %.1f MiB used in %.1f MiB of blocks, fragmentation %.1f %%",
                        done, ctx.getDeviceName(), end.allocationCount(), end.usedBytes() / 1048576.0,
                        end.totalBytes() / 1048576.0, end.fragmentationRatio() * 100);
                System.out.println(summary);
                if (window != null) {
                    if (screenshot != null) {
                        try {
                            window.awaitShown(java.time.Duration.ofSeconds(30)); // e.g. the memory map's picture
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt(); // the picture may then be an older one
                        }
                        System.out.println("dashboard screenshot: " + window.writeScreenshot(screenshot));
                    }
                    window.close();
                }
                if (headless != null && folder != null) {
                    System.out.println("report written to " + headless.write(folder, summary));
                    headless.close();
                }
            } finally {
                terrain.close(); // also when the loop or the report failed: no leaks either way
                dynamic.close();
            }
            capture.stop(core.monitor());
            List<LeakReport> leaks = core.closeAndReportLeaks();
            System.out.println("Leaks at exit: " + leaks.size());
            return leaks.isEmpty() ? 0 : MemscopeCommand.EXIT_FAILED;
        }
    }

    /** memscope-report-&lt;time&gt; in the current directory, checked like {@code --report}. */
    private Path defaultReportFolder() {
        try {
            return OutputPaths.timestampedFolder("memscope-report-");
        } catch (TypeConversionException e) {
            throw usage(e.getMessage() + "; choose a folder with --report");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(Objects.requireNonNull(spec).commandLine(), message);
    }

    /**
     * The frame loop: the limit given, else 20 s without the dashboard (or with a screenshot to take), else
     * until the window closes. The workloads stay open (the report describes them), the caller closes them.
     */
    private int run(AllocatorCore core, @Nullable MonitorWindow window, TerrainWorkload terrain,
                    DynamicRendererWorkload dynamic) {
        LoopLimit until = limit != null ? limit
                : window == null || screenshot != null ? LoopLimit.ofSeconds(HEADLESS_SECONDS) : LoopLimit.none();
        return FrameLoop.run(List.of(terrain, dynamic), core, until,
                () -> window == null || window.getStage().isShowing(), 2_000_000_000L, "demo");
    }
}
