package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.VulkanContext;
import io.memscope.samples.workloads.Workload;
import io.memscope.samples.workloads.Workloads;
import io.memscope.ui.CsvExport;
import io.memscope.ui.MonitorWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code memscope run WORKLOAD}: drives one workload's frame loop on the device, optionally with the
 * dashboard next to it, prints progress, takes a snapshot every 10 s and at the end (before the workload frees
 * its memory), and reports leaks.
 * Ctrl-C ends the loop cleanly. Exit codes: 0 done without leaks, 1 leaks or a failure, 2 bad usage.
 */
@Command(name = "run", description = "Run a workload's frame loop on the device (see 'list').")
final class RunCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Parameters(index = "0", description = "The workload: terrain or dynamic.")
    String workload = "";

    @Option(names = "--frames", description = "Frames to run (default: 600 unless --seconds is given).")
    @Nullable Integer frames;

    @Option(names = "--seconds", description = "Run this long instead of a frame count.")
    @Nullable Integer seconds;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", description = "Open the dashboard next to the workload (needs a display).")
    boolean monitor;

    @Option(names = "--csv", description = "Write the snapshot list to this CSV file at the end "
            + "(per-tag figures to NAME_tags.csv next to it).")
    @Nullable Path csv;

    @Override
    public Integer call() {
        Workloads.Entry entry = Workloads.byName(workload).orElse(null);
        if (entry == null) {
            System.err.println("memscope: unknown workload '" + workload + "'; see 'memscope list'");
            return MemscopeCommand.EXIT_UNAVAILABLE;
        }
        try (CtrlC ctrlC = CtrlC.install(); VulkanContext ctx = VulkanContext.create(device.options())) {
            AllocatorCore core = AllocatorCore.create(ctx);
            MonitorWindow window = monitor ? MonitorWindow.show(core.monitor()) : null;
            int done = loop(entry.factory().apply(core, seed), core, ctrlC);
            if (csv != null) {
                CsvExport.writeSnapshots(core.monitor().getSnapshots(), csv);
                System.out.println("snapshots written to " + csv + " (per tag: " + CsvExport.tagsFileFor(csv) + ")");
            }
            if (window != null) {
                window.close();
            }
            List<LeakReport> leaks = core.closeAndReportLeaks();
            System.out.printf(Locale.ROOT, "%s: %d frames, leaks at exit: %d%n", workload, done, leaks.size());
            return leaks.isEmpty() ? 0 : MemscopeCommand.EXIT_FAILED;
        }
    }

    /** Runs the frames and takes the end snapshot while the workload still holds its memory, then closes it. */
    private int loop(Workload workload, AllocatorCore core, CtrlC stop) {
        long limitNanos = seconds != null ? seconds * 1_000_000_000L : Long.MAX_VALUE;
        int frameLimit = frames != null ? frames : seconds != null ? Integer.MAX_VALUE : 600;
        try (workload) {
            int done = FrameLoop.run(List.of(workload), core, frameLimit, limitNanos, () -> !stop.requested(),
                    1_000_000_000L, this.workload);
            System.out.println(workload.status());
            core.monitor().takeSnapshot("end of " + this.workload + " (" + done + " frames)");
            return done;
        }
    }
}
