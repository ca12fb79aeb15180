package io.memscope.ui;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.CrosshairIndicator;
import io.fair_acc.chartfx.plugins.EditAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.CircularDoubleErrorDataSet;
import io.memscope.export.HistorySample;
import io.memscope.export.ReportCharts;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's rolling history: ChartFX data sets (ring buffers of the retention window's samples) and
 * the four charts that show them, fed by a {@code HistoryRecorder}. The headless report
 * draws the same series in the same colours ({@link ReportCharts}). Data sets are fed from the stream's
 * delivery thread (ChartFX data sets lock internally and the charts redraw on the FX pulse); the charts are
 * built on the FX thread.
 *
 * <p>Memory: 12 doubles per sample per series, {@code capacity} samples at most.
 */
final class HistoryCharts {
    private final int capacity;
    private final CircularDoubleErrorDataSet totalUsage;
    private final CircularDoubleErrorDataSet budgetLine;
    private final List<CircularDoubleErrorDataSet> heapUsage = new ArrayList<>();
    private final CircularDoubleErrorDataSet usedBytes;
    private final CircularDoubleErrorDataSet allocatedBytes;
    private final CircularDoubleErrorDataSet fragmentation;
    private final CircularDoubleErrorDataSet allocationsPerSecond;
    private final CircularDoubleErrorDataSet megabytesPerSecond;

    HistoryCharts(int capacity, int heapCount) {
        this.capacity = capacity;
        totalUsage = new CircularDoubleErrorDataSet("Total usage % of budget", capacity);
        budgetLine = new CircularDoubleErrorDataSet("Budget (100 %)", capacity);
        for (int i = 0; i < heapCount; i++) {
            heapUsage.add(new CircularDoubleErrorDataSet("Heap " + i + " usage %", capacity));
        }
        usedBytes = new CircularDoubleErrorDataSet("Used (MiB)", capacity);
        allocatedBytes = new CircularDoubleErrorDataSet("Allocated blocks (MiB)", capacity);
        fragmentation = new CircularDoubleErrorDataSet("Fragmentation %", capacity);
        allocationsPerSecond = new CircularDoubleErrorDataSet("Allocations/s", capacity);
        megabytesPerSecond = new CircularDoubleErrorDataSet("Allocated MiB/s", capacity);
    }

    /** Appends one sample (plotted at its wall-clock time in seconds since the epoch). Any thread. */
    void append(HistorySample sample) {
        double time = sample.epochMillis() / 1000.0;
        totalUsage.add(time, sample.budgetUsageRatio() * 100, 0, 0);
        budgetLine.add(time, 100, 0, 0);
        for (int heap = 0; heap < heapUsage.size() && heap < sample.heapUsageRatios().size(); heap++) {
            heapUsage.get(heap).add(time, sample.heapUsageRatios().get(heap) * 100, 0, 0);
        }
        usedBytes.add(time, sample.usedBytes() / 1048576.0, 0, 0);
        allocatedBytes.add(time, sample.allocatedBytes() / 1048576.0, 0, 0);
        fragmentation.add(time, sample.fragmentationRatio() * 100, 0, 0);
        allocationsPerSecond.add(time, sample.allocationsPerSecond(), 0, 0);
        megabytesPerSecond.add(time, sample.bytesPerSecond() / 1048576.0, 0, 0);
    }

    /** Drops every sample (a capture's moment moved backwards: the history is replayed up to it). Any thread. */
    void clear() {
        totalUsage.reset();
        budgetLine.reset();
        heapUsage.forEach(CircularDoubleErrorDataSet::reset);
        usedBytes.reset();
        allocatedBytes.reset();
        fragmentation.reset();
        allocationsPerSecond.reset();
        megabytesPerSecond.reset();
    }

    /** Samples held now in the total-usage series (the others hold as many). */
    int sampleCount() {
        return totalUsage.getDataCount();
    }

    int capacity() {
        return capacity;
    }

    /** Builds the charts (FX thread). */
    List<XYChart> createCharts() {
        List<XYChart> charts = new ArrayList<>();
        List<CircularDoubleErrorDataSet> usage = new ArrayList<>(heapUsage);
        usage.add(totalUsage);
        usage.add(budgetLine);
        charts.add(chart("Usage of budget", "%", usage));
        charts.add(chart("Used and allocated", "MiB", List.of(usedBytes, allocatedBytes)));
        charts.add(chart("Fragmentation", "%", List.of(fragmentation)));
        charts.add(chart("Allocation rate", "per s", List.of(allocationsPerSecond, megabytesPerSecond)));
        return charts;
    }

    /** Value-axis tick labels: {@link Formats#compactNumber}. */
    static final javafx.util.StringConverter<Number> COMPACT_TICKS = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Number value) {
            return value == null ? "" : io.memscope.export.Formats.compactNumber(value.doubleValue());
        }

        @Override
        public Number fromString(String text) {
            throw new UnsupportedOperationException("tick labels are not parsed");
        }
    };

    private static XYChart chart(String title, String unit, List<CircularDoubleErrorDataSet> dataSets) {
        DefaultNumericAxis time = new DefaultNumericAxis("time");
        time.setUnit(null);
        time.setTimeAxis(true);
        time.setAutoRangePadding(0.01);
        DefaultNumericAxis value = new DefaultNumericAxis(title, unit);
        value.setForceZeroInRange(true);
        value.setTickLabelFormatter(COMPACT_TICKS); // 50k, 1.5M: never 5E4
        value.setAutoRangePadding(0.05);
        XYChart chart = new LockReleasingChart(time, value);
        chart.setTitle(title);
        chart.setLegendVisible(true);
        chart.setAnimated(false);
        Zoomer zoomer = new Zoomer(); // drag to zoom, middle-drag to pan, Esc/right-click back
        zoomer.setPannerEnabled(true);
        // a crosshair with the time and value under the mouse; the tooltip names the nearest sample's figures
        chart.getPlugins().addAll(zoomer, new EditAxis(), new DataPointTooltip(), new CrosshairIndicator());
        for (Renderer renderer : chart.getRenderers()) {
            if (renderer instanceof ErrorDataSetRenderer lines) {
                // time series without error bars: lines only, no marker per point, and no fork-join pool for
                // a few thousand points (the parallel path competes with the load for cores)
                lines.setErrorStyle(ErrorStyle.NONE);
                lines.setDrawMarker(false);
                lines.setParallelImplementation(false);
            }
        }
        chart.getDatasets().addAll(dataSets);
        chart.setPrefSize(480, 260);
        return chart;
    }

    /**
     * An {@link XYChart} that gives its data sets' read locks back when it leaves the scene. ChartFX locks the
     * data sets in {@code layoutChildren()} and unlocks them in a post-layout pulse hook that it removes when
     * the chart leaves its scene; a chart laid out outside a pulse (as when its window is shown) and removed
     * before the next pulse (its tab switched away at once) kept the locks for good, and the next
     * {@code add} on the stream's thread waited forever: the charts froze and the dashboard's event buffer
     * overflowed.
     */
    private static final class LockReleasingChart extends XYChart {
        LockReleasingChart(DefaultNumericAxis time, DefaultNumericAxis value) {
            super(time, value);
            sceneProperty().addListener((obs, old, scene) -> {
                if (scene == null) {
                    clearStates();
                }
            });
        }
    }
}
