package io.memscope.export;

import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One of {@link ReportCharts}' charts while it is built: an XChart {@link XYChart} of {@link ReportCharts#WIDTH}
 * × {@link ReportCharts#HEIGHT} pixels, styled like the dashboard's ChartFX charts (white plot, light grid,
 * legend below, thin lines without markers, ChartFX's default series colours), with the samples' wall-clock
 * times along the bottom. Lines are added one by one, then one call sets the value axis.
 *
 * <p>Not thread-safe: one thread builds a chart. Cost: O(samples) per line.
 */
final class HistoryChart {
    /** ChartFX's default palette ({@code -color-dataset-1..9} of its {@code chart.css}), which the dashboard uses. */
    static final List<Color> DASHBOARD_COLORS = List.of(new Color(0x0000c8), new Color(0xc80000), new Color(0x00c800),
            new Color(0xffa500), new Color(0xff00ff), new Color(0x00ffff), new Color(0xa9a9a9), new Color(0xffc0cb),
            Color.BLACK);
    /** Pixels between time ticks at least, so that "HH:mm:ss" labels keep clear of each other. */
    private static final int X_TICK_SPACING = 110;
    /** Room the title, the time axis and the legend leave to the plot, as a share of the chart's height. */
    private static final double PLOT_SHARE_OF_HEIGHT = 0.62;
    /**
     * XChart steps its grid by 1 × 10^k when (axis span / tick space) × spacing hint lies in (0.75, 1.5]; aiming
     * at the middle of that range (on a log scale) keeps the step at one whatever room the labels take.
     */
    private static final double UNIT_GRID_AIM = 1.06;

    private final XYChart chart = new XYChart(ReportCharts.WIDTH, ReportCharts.HEIGHT);
    private final List<HistorySample> samples;
    private final List<Date> times;

    HistoryChart(String title, List<HistorySample> samples) {
        this.samples = List.copyOf(samples);
        this.times = this.samples.stream().map(s -> new Date(s.epochMillis())).toList();
        chart.setTitle(title);
        chart.setXAxisTitle("time");
        XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        styler.setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(new Color(0xdddddd));
        styler.setYAxisTitleVisible(false);
        styler.setLocale(Locale.ROOT);
        styler.setTimezone(TimeZone.getDefault());
        styler.setDatePattern("HH:mm:ss");
        styler.setXAxisTickMarkSpacingHint(X_TICK_SPACING);
        styler.setYAxisMin(0.0);
    }

    /**
     * Adds a line in the colour the dashboard gives its series number {@code color} (0 = first) in this chart;
     * returns the line's largest value (0 without samples).
     */
    double line(String name, int color, ToDoubleFunction<HistorySample> value) {
        if (samples.isEmpty()) {
            return 0; // XChart refuses a series without points: the chart stays empty, its axes still drawn
        }
        double[] values = samples.stream().mapToDouble(value).toArray();
        XYSeries series = chart.addSeries(name, times, Arrays.stream(values).boxed().toList());
        series.setLineColor(DASHBOARD_COLORS.get(color % DASHBOARD_COLORS.size()));
        series.setLineWidth(1.5f);
        series.setMarker(SeriesMarkers.NONE);
        return Arrays.stream(values).max().orElse(0);
    }

    /** The value axis in percent from 0 to a little above {@code maxPercent} (10 % at least); ticks "40 %". */
    void percentAxis(double maxPercent) {
        chart.getStyler().setYAxisMax(Math.max(10, maxPercent * 1.05));
        chart.getStyler().setYAxisDecimalPattern("#,##0.#' %'");
    }

    /**
     * The value axis as {@code axis} says, the lines plotted in its steps: the tick spacing is set so that
     * XChart's decimal grid steps by one, and each tick is labelled in bytes and {@code unitSuffix} ("512 MiB",
     * "64 MiB/s").
     */
    void byteAxis(ByteAxis axis, String unitSuffix) {
        XYStyler styler = chart.getStyler();
        styler.setYAxisMax((double) axis.steps());
        double tickSpace = styler.getPlotContentSize() * PLOT_SHARE_OF_HEIGHT * ReportCharts.HEIGHT;
        styler.setYAxisTickMarkSpacingHint((int) (UNIT_GRID_AIM * tickSpace / axis.steps()));
        styler.setYAxisTickLabelsFormattingFunction(steps -> axis.label(steps) + unitSuffix);
    }

    /** The value axis from 0 to a little above {@code max} (1 at least), ticks such as "2,000 /s". */
    void perSecondAxis(double max) {
        chart.getStyler().setYAxisMax(Math.max(1, max * 1.05));
        chart.getStyler().setYAxisDecimalPattern("#,##0.#' /s'");
    }

    XYChart xy() {
        return chart;
    }
}
