package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.core.LeakReport;
import io.memscope.core.MemoryStats;
import io.memscope.core.VulkanContext;
import io.memscope.samples.SeedTour;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code memscope demo}: runs the seed's examples on the device and prints the memory report. With
 * {@code --monitor} the dashboard opens next to them and the tour repeats for {@code --seconds}, so the
 * charts have something to show; {@code --screenshot FILE} then writes a PNG and closes.
 */
@Command(name = "demo", description = "Run the seed's allocator examples on a real Vulkan device and print the memory report.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Also print VMA's JSON statistics with the detailed map.")
    boolean json;

    @Option(names = "--monitor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Open the dashboard next to the tour when there is a display (default: ${DEFAULT-VALUE}; --no-monitor for the text report only).")
    boolean monitor;

    @Option(names = "--seconds", defaultValue = "0", description = "With the dashboard: repeat the tour this long; 0 = until the window is closed (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--screenshot", description = "With --monitor: write the dashboard to this PNG at the end and close it.")
    java.nio.file.@org.jspecify.annotations.Nullable Path screenshot;

    @Override
    public Integer call() {
        try (VulkanContext ctx = VulkanContext.create(device.options())) {
            System.out.println("memscope demo on " + ctx);
            AllocatorCore core = AllocatorCore.create(ctx);
            io.memscope.ui.MonitorWindow window = monitor ? openDashboard(core) : null;
            SeedTour tour = new SeedTour(core, System.out, seed);
            MemoryStats stats = tour.run();
            if (window != null) {
                stats = repeatWhileWatched(core, tour, stats, window);
            }
            System.out.println();
            System.out.print(core.getDetailedReport());
            if (json) {
                System.out.println(core.getVmaStatsJson(true));
            }
            (lastTour != null ? lastTour : tour).release();
            if (window != null) {
                window.close();
            }
            List<LeakReport> leaks = core.closeAndReportLeaks();
            System.out.printf(Locale.ROOT, "%nPeak of the tour: %d allocations, %.1f MiB used in %.1f MiB of blocks. Leaks at exit: %d%n",
                    stats.allocationCount(), stats.usedBytes() / 1048576.0, stats.totalBytes() / 1048576.0, leaks.size());
            return leaks.isEmpty() ? 0 : MemscopeCommand.EXIT_FAILED;
        }
    }

    private static io.memscope.ui.@org.jspecify.annotations.Nullable MonitorWindow openDashboard(AllocatorCore core) {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            System.out.println("memscope: no display; running without the dashboard");
            return null;
        }
        return io.memscope.ui.MonitorWindow.show(core.monitor());
    }

    /** Repeats the tour (release, wait, run again) so the dashboard shows memory rising and falling. */
    private MemoryStats repeatWhileWatched(AllocatorCore core, SeedTour tour, MemoryStats first,
                                           io.memscope.ui.MonitorWindow window) {
        MemoryStats peak = first;
        int seconds = screenshot != null && this.seconds == 0 ? 15 : this.seconds;
        long end = seconds > 0 ? System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        if (seconds == 0) {
            System.out.println("The dashboard shows the tour repeating; close its window to end (F10 panel, F11 snapshot, F12 defragment).");
        }
        int round = 1;
        while (System.nanoTime() - end < 0 && window.getStage().isShowing()) {
            if (round % 3 == 0) {
                core.monitor().takeSnapshot("tour round " + round);
            }
            tour.release();
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(700));
            SeedTour again = new SeedTour(core, quiet, seed + round);
            MemoryStats stats = again.run();
            if (stats.usedBytes() > peak.usedBytes()) {
                peak = stats;
            }
            tour = again;
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(700));
            round++;
        }
        this.lastTour = tour;
        if (screenshot != null) {
            System.out.println("dashboard screenshot: " + window.writeScreenshot(screenshot));
        }
        return peak;
    }

    private @org.jspecify.annotations.Nullable SeedTour lastTour;
}
