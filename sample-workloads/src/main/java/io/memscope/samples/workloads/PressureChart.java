package io.memscope.samples.workloads;

import io.memscope.export.PngFiles;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code pressure.png}: the watched heap's budget, the workload's target and the usage at the end of every frame,
 * over the seconds of the run, drawn with XChart and Java 2D (no display, no JavaFX; needs a JRE with its font
 * libraries). 960 × 360 pixels, written atomically. Stateless; O(samples).
 */
final class PressureChart {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 360;

    private PressureChart() {
    }

    static void write(List<PressureLog.FrameSample> samples, Path file) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle("Budget, target and usage of the watched heap");
        long max = samples.stream().mapToLong(s -> Math.max(s.endBudget(), s.endUsage())).max().orElse(1);
        boolean gib = max >= 4L << 30;
        double unit = gib ? 1L << 30 : 1L << 20;
        chart.setXAxisTitle("seconds");
        chart.setYAxisTitle(gib ? "GiB" : "MiB");
        chart.getStyler().setYAxisMin(0.0);
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        styler.setChartTitleBoxVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLocale(Locale.ROOT);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        long t0 = samples.isEmpty() ? 0 : samples.get(0).epochMillis();
        double[] x = samples.stream().mapToDouble(s -> (s.epochMillis() - t0) / 1000.0).toArray();
        if (x.length == 0) {
            x = new double[] {0};
        }
        add(chart, "Budget", x, samples.stream().mapToDouble(s -> s.endBudget() / unit).toArray(), new Color(0xc80000));
        add(chart, "Target", x, samples.stream().mapToDouble(s -> s.targetBytes() / unit).toArray(), new Color(0xffa500));
        add(chart, "Usage", x, samples.stream().mapToDouble(s -> s.endUsage() / unit).toArray(), new Color(0x0000c8));
        PngFiles.write(BitmapEncoder.getBufferedImage(chart), file);
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y.length == 0 ? new double[] {0} : y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }
}
