package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.VulkanContext;
import io.memscope.samples.report.HeadlessReport;
import io.memscope.samples.workloads.DynamicRendererWorkload;
import io.memscope.samples.workloads.TerrainWorkload;
import io.memscope.ui.MonitorWindow;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code memscope demo}: the terrain and dynamic renderers together on the device. With a display the
 * dashboard opens next to them and they run until the window is closed; without one (or with
 * {@code --no-monitor}) they run for {@code --seconds} and a report folder is written (figures, CSV files,
 * PNG history charts). Exit codes: 0 done without leaks, 1 leaks or a failure, 2 Vulkan unavailable.
 */
@Command(name = "demo", description = "The terrain and dynamic renderers with the dashboard next to them "
        + "(no display: a report folder with figures, CSV and PNG charts).")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Open the dashboard when there is a display (default: ${DEFAULT-VALUE}).")
    boolean monitor;

    @Option(names = "--seconds", description = "Run this long (default: until the window is closed; 20 without a dashboard).")
    @Nullable Integer seconds;

    @Option(names = "--frames", description = "Run this many frames instead.")
    @Nullable Integer frames;

    @Option(names = "--screenshot", description = "With the dashboard: write it to this PNG at the end and close.")
    @Nullable Path screenshot;

    @Option(names = "--report", description = "Headless: the report folder (default: memscope-report-<time>).")
    @Nullable Path report;

    @Override
    public Integer call() {
        boolean display = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
        boolean dashboard = monitor && display;
        if (monitor && !display) {
            System.out.println("memscope: no display; running headless and writing a report folder");
        }
        try (CtrlC ctrlC = CtrlC.install(); VulkanContext ctx = VulkanContext.create(device.options())) {
            System.out.println("memscope demo on " + ctx);
            AllocatorCore core = AllocatorCore.create(ctx);
            MonitorWindow window = dashboard ? MonitorWindow.show(core.monitor()) : null;
            HeadlessReport headless = dashboard ? null : new HeadlessReport(core.monitor());
            if (window != null && seconds == null && frames == null && screenshot == null) {
                System.out.println("The dashboard watches the terrain and dynamic renderers; close its window to end "
                        + "(F10 panel, F11 snapshot, F12 defragment).");
            }
            TerrainWorkload terrain = new TerrainWorkload(core, seed);
            DynamicRendererWorkload dynamic = new DynamicRendererWorkload(core, seed);
            try {
                int done = run(core, window, ctrlC, terrain, dynamic);
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
                        System.out.println("dashboard screenshot: " + window.writeScreenshot(screenshot));
                    }
                    window.close();
                }
                if (headless != null) {
                    Path folder = report != null ? report : Path.of("memscope-report-"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                    System.out.println("report written to " + headless.write(folder, core, summary).toAbsolutePath());
                    headless.close();
                }
            } finally {
                terrain.close(); // also when the loop or the report failed: no leaks either way
                dynamic.close();
            }
            List<LeakReport> leaks = core.closeAndReportLeaks();
            System.out.println("Leaks at exit: " + leaks.size());
            return leaks.isEmpty() ? 0 : MemscopeCommand.EXIT_FAILED;
        }
    }

    /** The frame loop; the workloads stay open (the report describes them), the caller closes them. */
    private int run(AllocatorCore core, @Nullable MonitorWindow window, CtrlC stop, TerrainWorkload terrain,
                    DynamicRendererWorkload dynamic) {
        Integer limitSeconds = seconds != null ? seconds : window == null || screenshot != null ? Integer.valueOf(20) : null;
        long limitNanos = frames != null || limitSeconds == null ? Long.MAX_VALUE : limitSeconds * 1_000_000_000L;
        int frameLimit = frames != null ? frames : Integer.MAX_VALUE;
        return FrameLoop.run(List.of(terrain, dynamic), core, frameLimit, limitNanos,
                () -> !stop.requested() && (window == null || window.getStage().isShowing()), 2_000_000_000L, "demo");
    }
}
