package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.VulkanContext;
import io.memscope.core.stats.LeakReport;
import io.memscope.export.CsvExport;
import io.memscope.samples.report.HeadlessReport;
import io.memscope.samples.workloads.Workload;
import io.memscope.samples.workloads.Workloads;
import io.memscope.ui.MonitorWindow;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memscope run WORKLOAD}: drives one workload's frame loop on the device, optionally with the
 * dashboard next to it, prints progress, takes a snapshot every 10 s and at the end (before the workload frees
 * its memory), and reports leaks.
 * With {@code --metrics-port} it serves the run's GPU memory as Prometheus metrics until the run ends.
 * Ctrl-C ends the loop cleanly. Exit codes: 0 done without leaks, 1 leaks or a failure, 2 bad usage.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a workload's frame loop on the device (see 'list'); 600 frames unless "
        + "--frames or --seconds says otherwise.")
final class RunCommand implements Callable<Integer> {
    private static final int DEFAULT_FRAMES = 600;

    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    CaptureOption capture = new CaptureOption();

    @Mixin
    MetricsOption metrics = new MetricsOption();

    @Parameters(index = "0", paramLabel = "WORKLOAD", converter = WorkloadName.class,
            completionCandidates = WorkloadNames.class, description = "The workload: ${COMPLETION-CANDIDATES}.")
    Workloads.@Nullable Entry workload;

    @ArgGroup(exclusive = true)
    @Nullable LoopLimit limit;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", description = "Open the dashboard next to the workload (needs a display).")
    boolean monitor;

    @Option(names = "--csv", paramLabel = "FILE", converter = OutputPaths.WritableSnapshotCsv.class,
            description = "Write the snapshot list to this CSV file at the end, per-tag figures to NAME_tags.csv "
                    + "next to it (its folder must exist).")
    @Nullable Path csv;

    @Option(names = "--target", paramLabel = "FRACTION", converter = TargetFraction.class,
            description = "pressure only: the share of the budget to grow to, above 0 and at most 1 (default 0.9).")
    @Nullable Double target;

    @Option(names = "--heap-limit", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Treat every heap as at most this large (VMA's heap size limit; its budget estimate is 80 %% "
                    + "of it without VK_EXT_memory_budget), e.g. 512MiB.")
    @Nullable Long heapLimit;

    @Option(names = "--report", paramLabel = "FOLDER", converter = OutputPaths.WritableFolder.class,
            description = "Write a report folder at the end: figures, CSV files, the history charts and the "
                    + "workload's own files (pressure: pressure.csv, pressure.png).")
    @Nullable Path report;

    @Override
    public Integer call() {
        Workloads.Entry entry = Objects.requireNonNull(workload);
        Path snapshots = csv;
        capture.check(new OutputCollisions().file("--csv", snapshots)
                .file("--csv's per-tag file", snapshots != null ? CsvExport.tagsFileFor(snapshots) : null)
                .folder("--report", report));
        if (monitor && !Display.available()) {
            throw new ParameterException(Objects.requireNonNull(spec).commandLine(),
                    "--monitor needs a display (DISPLAY or WAYLAND_DISPLAY)");
        }
        if (target != null && !entry.takesTarget()) {
            throw new ParameterException(Objects.requireNonNull(spec).commandLine(),
                    "--target is an option of the pressure workload, not of " + entry.name());
        }
        AllocatorOptions options = heapLimit != null ? AllocatorOptions.defaults().withHeapSizeLimit(heapLimit)
                : AllocatorOptions.defaults();
        try (MetricsEndpoint endpoint = metrics.open();
             VulkanContext ctx = device.open()) {
            System.out.println("memscope run " + entry.name() + " on " + ctx);
            AllocatorCore core = AllocatorCore.create(ctx, options);
            if (endpoint != null) {
                endpoint.serve(core.monitor());
                System.out.println("metrics: " + endpoint.url());
            }
            capture.start(core.monitor());
            MonitorWindow window = monitor ? MonitorWindow.show(core.monitor()) : null;
            HeadlessReport headless = report != null ? new HeadlessReport(core.monitor()) : null;
            int done = loop(entry.factory().create(core, new Workloads.Options(seed, target)), entry.name(), core,
                    headless);
            if (csv != null) {
                CsvExport.writeSnapshots(core.monitor().getSnapshots(), csv);
                System.out.println("snapshots written to " + csv + " (per tag: " + CsvExport.tagsFileFor(csv) + ")");
            }
            if (window != null) {
                window.close();
            }
            capture.stop(core.monitor());
            List<LeakReport> leaks = core.closeAndReportLeaks();
            System.out.printf(Locale.ROOT, "%s: %d frames, leaks at exit: %d%n", entry.name(), done, leaks.size());
            return leaks.isEmpty() ? 0 : MemscopeCommand.EXIT_FAILED;
        }
    }

    /**
     * Runs the frames and takes the end snapshot while the workload still holds its memory, prints its report, writes
     * the report folder if asked, then closes it.
     */
    private int loop(Workload workload, String name, AllocatorCore core, @Nullable HeadlessReport headless) {
        try (workload) {
            int done = FrameLoop.run(List.of(workload), core, limit != null ? limit : LoopLimit.ofFrames(DEFAULT_FRAMES),
                    () -> true, 1_000_000_000L, name);
            System.out.println(workload.status());
            String workloadReport = workload.report();
            if (!workloadReport.isEmpty()) {
                System.out.print(workloadReport);
            }
            core.monitor().sampleNow();
            core.monitor().takeSnapshot("end of " + name + " (" + done + " frames)");
            Path folder = report;
            if (headless != null && folder != null) {
                String summary = "memscope run " + name + ": " + done + " frames on " + core.getContext().getDeviceName()
                        + "\n" + workload.status() + (workloadReport.isEmpty() ? "" : "\n" + workloadReport);
                headless.write(folder, summary);
                workload.writeReport(folder);
                headless.close();
                System.out.println("report written to " + folder);
            }
            return done;
        }
    }

    /** A workload by its name in {@link Workloads}. */
    static final class WorkloadName implements ITypeConverter<Workloads.Entry> {
        @Override
        public Workloads.Entry convert(String value) {
            return Workloads.byName(value).orElseThrow(() -> new TypeConversionException("unknown workload '" + value
                    + "' (one of " + String.join(", ", new WorkloadNames()) + ")"));
        }
    }

    /** The workloads' names, for the help text and shell completion. */
    static final class WorkloadNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Workloads.all().stream().map(Workloads.Entry::name).iterator();
        }
    }
}
