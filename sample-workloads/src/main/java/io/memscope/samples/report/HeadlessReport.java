package io.memscope.samples.report;

import io.memscope.core.MemoryMonitor;
import io.memscope.export.AtomicFiles;
import io.memscope.export.CsvExport;
import io.memscope.export.HistoryRecorder;
import io.memscope.export.HistorySample;
import io.memscope.export.MemoryMapPng;
import io.memscope.export.ReportCharts;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the demo leaves behind when there is no display: a folder with {@code report.txt} (final figures
 * and the detailed report, UTF-8), {@code snapshots.csv}, {@code snapshot_tags.csv}, {@code allocations.csv}
 * (see {@link CsvExport}) and the dashboard's history charts as PNG files ({@link ReportCharts#FILE_NAMES}),
 * plotted from the monitor's events by a {@link HistoryRecorder} (at most {@value #MAX_SAMPLES} points, evenly
 * spread over the run, so memory stays bounded however long it runs) and {@code memory-map.png}, the memory map at the
 * end ({@link MemoryMapPng}: every block, its allocations coloured by tag, the free space between). Every file is written atomically
 * ({@link AtomicFiles}): a failed or killed write leaves no cut file, and a previous report's file stays whole.
 * Needs no JavaFX: only monitor-core and monitor-export.
 *
 * <p>Subscribes at construction; {@link #write} once at the end. Thread-safe. Memory: at most
 * {@value #MAX_SAMPLES} {@link HistorySample}s (about 100 bytes each).
 */
public final class HeadlessReport implements AutoCloseable {
    /** Chart points kept at most (the charts are about 800 pixels wide); 4,096 samples are 6.8 min at 100 ms. */
    static final int MAX_SAMPLES = 4096;

    /** The memory map's file in the folder. */
    public static final String MEMORY_MAP = "memory-map.png";

    private final MemoryMonitor monitor;
    /** The sampler's figures for the charts: 10 a second for as long as the demo runs, so thinned to a bound. */
    private final ThinnedHistory<HistorySample> samples = new ThinnedHistory<>(MAX_SAMPLES);
    private final Disposable subscription;

    public HeadlessReport(MemoryMonitor monitor) {
        this.monitor = monitor;
        HistoryRecorder recorder = new HistoryRecorder(monitor::getMemoryBudget, this::add);
        this.subscription = monitor.events().subscribe(recorder::accept);
    }

    private void add(HistorySample sample) {
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** Samples kept for the charts (at most {@value #MAX_SAMPLES}, spread over the whole run). */
    public int sampleCount() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /**
     * Writes the folder (created if needed) while the monitor's core is still open (for a remote monitor: the last
     * report it received once the target has gone); {@code summary} goes at the top of
     * {@code report.txt}.
     *
     * @return the folder
     */
    public Path write(Path folder, String summary) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the report folder " + folder, e);
        }
        AtomicFiles.writeString(folder.resolve("report.txt"), summary + System.lineSeparator() + System.lineSeparator()
                + detailedReport());
        CsvExport.writeSnapshots(monitor.getSnapshots(), folder.resolve("snapshots.csv"));
        CsvExport.writeAllocations(monitor.getLiveAllocations(), folder.resolve("allocations.csv"));
        List<HistorySample> copy;
        synchronized (samples) {
            copy = samples.toList();
        }
        try {
            ReportCharts.write(copy, folder);
            MemoryMapPng.write(monitor.getMemoryMap(), folder.resolve(MEMORY_MAP));
        } catch (java.io.UncheckedIOException e) {
            throw e; // a chart that cannot be written is a failure of the report (exit 1), not a skipped chart
        } catch (LinkageError | RuntimeException e) {
            // e.g. a JRE without its font libraries: the figures and CSV files are still there
            System.err.println("memscope: history charts and memory map skipped (" + e + ")");
        }
        return folder;
    }

    /** The monitor's detailed report; for a target that has gone before one was read, why there is none. */
    private String detailedReport() {
        try {
            return monitor.getDetailedReport();
        } catch (IllegalStateException e) {
            return "(no detailed report: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
