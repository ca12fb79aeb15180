package io.memscope.export;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * The history charts of a report as PNG files, rendered with XChart and Java 2D (no display, no JavaFX): the
 * dashboard's charts with its series and colours ({@code monitor-ui}'s {@code HistoryCharts}), on axes
 * with units in their ticks and round steps:
 * <ul>
 *   <li>{@code usage.png}, "Usage of budget": each heap's usage of its budget, the total, and the budget
 *       (100 %), in %;</li>
 *   <li>{@code bytes.png}, "Used and allocated": bytes of live allocations and of VMA's blocks, in binary steps
 *       ({@link ByteAxis}: 256 MiB, 512 MiB, 1 GiB, ...);</li>
 *   <li>{@code fragmentation.png}, "Fragmentation": {@code fragmentationRatio} in %;</li>
 *   <li>{@code allocation-rate.png}, "Allocation rate": allocations created per second, and
 *       {@code byte-rate.png}, "Allocated bytes per second": the bytes they asked for per second, in binary
 *       steps. The dashboard draws both in one chart on one axis; here each has an axis in its own unit.</li>
 * </ul>
 * Times run along the bottom as wall-clock {@code HH:mm:ss} in the JVM's time zone, as on the dashboard.
 * Each file is {@link #WIDTH} × {@link #HEIGHT} pixels and written atomically ({@link PngFiles}).
 *
 * <p>Stateless; thread-safe. Cost: O(samples) per chart to plot, O(pixels) to encode.
 * Needs a JRE with its font libraries (Java 2D draws the text).
 */
public final class ReportCharts {
    /** Width of each chart, pixels. */
    public static final int WIDTH = 960;
    /** Height of each chart, pixels. */
    public static final int HEIGHT = 360;
    /** The files {@link #write} writes, in this order. */
    public static final List<String> FILE_NAMES = List.of("usage.png", "bytes.png", "fragmentation.png",
            "allocation-rate.png", "byte-rate.png");

    private ReportCharts() {
    }

    /**
     * Writes the charts of {@code samples} (in time order; none gives empty charts) into {@code folder}, which
     * must exist, as {@link #FILE_NAMES}.
     *
     * @return the files written
     */
    public static List<Path> write(List<HistorySample> samples, Path folder) {
        List<XYChart> charts = List.of(usage(samples), bytes(samples), fragmentation(samples), allocationRate(samples),
                byteRate(samples));
        List<Path> files = FILE_NAMES.stream().map(folder::resolve).toList();
        for (int i = 0; i < charts.size(); i++) {
            PngFiles.write(render(charts.get(i)), files.get(i));
        }
        return files;
    }

    static XYChart usage(List<HistorySample> samples) {
        HistoryChart chart = new HistoryChart("Usage of budget", samples);
        int heaps = samples.stream().mapToInt(s -> s.heapUsageRatios().size()).max().orElse(0);
        double max = 100;
        for (int heap = 0; heap < heaps; heap++) {
            int index = heap;
            max = Math.max(max, chart.line("Heap " + heap + " usage %", heap,
                    s -> index < s.heapUsageRatios().size() ? s.heapUsageRatios().get(index) * 100 : 0));
        }
        max = Math.max(max, chart.line("Total usage % of budget", heaps, s -> s.budgetUsageRatio() * 100));
        chart.line("Budget (100 %)", heaps + 1, s -> 100);
        chart.percentAxis(max);
        return chart.xy();
    }

    static XYChart bytes(List<HistorySample> samples) {
        ByteAxis axis = ByteAxis.covering(samples.stream()
                .mapToDouble(s -> Math.max(s.usedBytes(), s.allocatedBytes())).max().orElse(0));
        HistoryChart chart = new HistoryChart("Used and allocated", samples);
        chart.line("Used", 0, s -> axis.toSteps(s.usedBytes()));
        chart.line("Allocated blocks", 1, s -> axis.toSteps(s.allocatedBytes()));
        chart.byteAxis(axis, "");
        return chart.xy();
    }

    static XYChart fragmentation(List<HistorySample> samples) {
        HistoryChart chart = new HistoryChart("Fragmentation", samples);
        chart.percentAxis(chart.line("Fragmentation %", 0, s -> s.fragmentationRatio() * 100));
        return chart.xy();
    }

    /** The dashboard's "Allocation rate" chart, its first series: allocations created per second. */
    static XYChart allocationRate(List<HistorySample> samples) {
        HistoryChart chart = new HistoryChart("Allocation rate", samples);
        chart.perSecondAxis(chart.line("Allocations/s", 0, HistorySample::allocationsPerSecond));
        return chart.xy();
    }

    /** The dashboard's "Allocation rate" chart, its second series (in its colour): bytes asked for per second. */
    static XYChart byteRate(List<HistorySample> samples) {
        ByteAxis axis = ByteAxis.covering(samples.stream().mapToDouble(HistorySample::bytesPerSecond).max().orElse(0));
        HistoryChart chart = new HistoryChart("Allocated bytes per second", samples);
        chart.line("Allocated/s", 1, s -> axis.toSteps(s.bytesPerSecond()));
        chart.byteAxis(axis, "/s");
        return chart.xy();
    }

    /** What {@link #write} encodes: the chart drawn at its size. */
    static BufferedImage render(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
