package io.memscope.samples.report;

import io.memscope.core.AllocatorCore;
import io.memscope.core.MemoryMonitor;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.StatsSampled;
import io.memscope.ui.AtomicFiles;
import io.memscope.ui.CsvExport;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the demo leaves behind when there is no display: a folder with {@code report.txt} (final figures
 * and the detailed report, UTF-8), {@code snapshots.csv}, {@code snapshot_tags.csv}, {@code allocations.csv}
 * (see {@link CsvExport}) and PNG history charts ({@code usage.png}, {@code bytes.png},
 * {@code fragmentation.png}) drawn from the sampler's events (at most {@value #MAX_SAMPLES} points, evenly spread
 * over the run, so memory stays bounded however long it runs). Every file is written atomically
 * ({@link AtomicFiles}): a failed or killed write leaves no cut file, and a previous report's file stays whole.
 *
 * <p>Subscribes at construction; {@link #write} once at the end. Thread-safe.
 */
public final class HeadlessReport implements AutoCloseable {
    /** Chart points kept at most (the charts are 810 pixels wide); 4,096 samples are 6.8 min at the 100 ms default. */
    static final int MAX_SAMPLES = 4096;

    private record Sample(double seconds, double usagePercent, double usedMiB, double allocatedMiB, double fragmentationPercent) {
    }

    private final MemoryMonitor monitor;
    private final CompositeDisposable subscriptions = new CompositeDisposable();
    /** The sampler's figures for the charts: 10 a second for as long as the demo runs, so thinned to a bound. */
    private final ThinnedHistory<Sample> samples = new ThinnedHistory<>(MAX_SAMPLES);
    private final long startMillis = System.currentTimeMillis();
    private volatile @Nullable BudgetSampled latestBudget;

    public HeadlessReport(MemoryMonitor monitor) {
        this.monitor = monitor;
        subscriptions.add(monitor.budgets().subscribe(b -> latestBudget = b));
        subscriptions.add(monitor.stats().subscribe(this::onStats));
    }

    private void onStats(StatsSampled stats) {
        BudgetSampled budget = latestBudget;
        double usage = budget == null ? 0 : budget.budget().usagePercentage() * 100;
        synchronized (samples) {
            samples.add(new Sample((stats.header().epochMillis() - startMillis) / 1000.0, usage,
                    stats.stats().usedBytes() / 1048576.0, stats.stats().totalBytes() / 1048576.0,
                    stats.stats().fragmentationRatio() * 100));
        }
    }

    /** Samples kept for the charts (at most {@value #MAX_SAMPLES}, spread over the whole run). */
    public int sampleCount() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /**
     * Writes the folder (created if needed) while the core is still open; {@code summary} goes at the top of
     * {@code report.txt}.
     *
     * @return the folder
     */
    public Path write(Path folder, AllocatorCore core, String summary) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the report folder " + folder, e);
        }
        AtomicFiles.writeString(folder.resolve("report.txt"), summary + System.lineSeparator() + System.lineSeparator()
                + core.getDetailedReport());
        CsvExport.writeSnapshots(monitor.getSnapshots(), folder.resolve("snapshots.csv"));
        CsvExport.writeAllocations(monitor.getLiveAllocations(), folder.resolve("allocations.csv"));
        List<Sample> copy;
        synchronized (samples) {
            copy = samples.toList();
        }
        try {
            writeCharts(folder, copy);
        } catch (LinkageError | RuntimeException e) {
            // e.g. a JRE without its font libraries: the figures and CSV files are still there
            System.err.println("memscope: history charts skipped (" + e + ")");
        }
        return folder;
    }

    private static void writeCharts(Path folder, List<Sample> copy) {
        double[] seconds = copy.stream().mapToDouble(Sample::seconds).toArray();
        PngChart.write(folder.resolve("usage.png"), "Usage of budget", "%", seconds,
                List.of(new PngChart.Series("usage % of budget", copy.stream().mapToDouble(Sample::usagePercent).toArray())));
        PngChart.write(folder.resolve("bytes.png"), "Used and allocated", "MiB", seconds, List.of(
                new PngChart.Series("used MiB", copy.stream().mapToDouble(Sample::usedMiB).toArray()),
                new PngChart.Series("allocated (blocks) MiB", copy.stream().mapToDouble(Sample::allocatedMiB).toArray())));
        PngChart.write(folder.resolve("fragmentation.png"), "Fragmentation", "%", seconds,
                List.of(new PngChart.Series("fragmentation %", copy.stream().mapToDouble(Sample::fragmentationPercent).toArray())));
    }

    @Override
    public void close() {
        subscriptions.dispose();
    }
}
