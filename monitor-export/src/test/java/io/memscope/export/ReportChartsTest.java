package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** {@link ReportCharts}: the PNG files, and what XChart really draws on their axes. */
class ReportChartsTest {
    private static final long MiB = 1L << 20;
    private static final long T0 = 1_780_000_000_000L;

    @Test
    void writesEveryChartAsADecodablePngOfTheStatedSize(@TempDir Path dir) throws Exception {
        List<Path> files = ReportCharts.write(ramp(120, 864 * MiB), dir);

        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactlyElementsOf(ReportCharts.FILE_NAMES);
        for (Path file : files) {
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as(file.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
        }
        assertThat(AtomicFilesTest.files(dir)).as("no temporary files").hasSize(ReportCharts.FILE_NAMES.size());
    }

    @Test
    void noSamplesGiveEmptyChartsAllTheSame(@TempDir Path dir) throws Exception {
        for (Path file : ReportCharts.write(List.of(), dir)) {
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
        }
    }

    @Test
    void theSeriesAndColoursAreTheDashboards() {
        List<HistorySample> samples = ramp(10, 64 * MiB);

        assertThat(series(ReportCharts.usage(samples))).containsExactly("Heap 0 usage % #0000c8",
                "Heap 1 usage % #c80000", "Total usage % of budget #00c800", "Budget (100 %) #ffa500");
        assertThat(series(ReportCharts.bytes(samples))).containsExactly("Used #0000c8", "Allocated blocks #c80000");
        assertThat(series(ReportCharts.fragmentation(samples))).containsExactly("Fragmentation % #0000c8");
        assertThat(series(ReportCharts.allocationRate(samples))).containsExactly("Allocations/s #0000c8");
        assertThat(series(ReportCharts.byteRate(samples))).as("the second series of the dashboard's rate chart")
                .containsExactly("Allocated/s #c80000");
        assertThat(ReportCharts.usage(samples).getStyler().getDatePattern()).isEqualTo("HH:mm:ss");
    }

    /** XChart picks its own grid; the bytes axis is set up so that the grid falls on whole binary steps. */
    @ParameterizedTest
    @ValueSource(longs = {5_000, 3_000_000, 100 * MiB, 864 * MiB, 1717 * MiB, 5L << 30, 70L << 30, 3L << 40})
    void theBytesAxisTicksFallOnEveryWholeStep(long maxBytes) {
        ByteAxis axis = ByteAxis.covering(maxBytes);
        XYChart chart = ReportCharts.bytes(ramp(60, maxBytes));
        List<Double> labelled = new ArrayList<>();
        Function<Double, String> label = chart.getStyler().getYAxisTickLabelsFormattingFunction();
        chart.getStyler().setYAxisTickLabelsFormattingFunction(v -> {
            labelled.add(v);
            return label.apply(v);
        });

        ReportCharts.render(chart);

        List<Double> inRange = labelled.stream().filter(v -> v >= 0 && v <= axis.steps()).distinct().sorted().toList();
        assertThat(inRange).as("ticks for " + Formats.compactBytes(axis.topBytes()) + " in steps of "
                + Formats.compactBytes(axis.stepBytes())).containsExactlyElementsOf(
                IntStream.rangeClosed(0, axis.steps()).mapToObj(i -> (double) i).toList());
    }

    /** {@code count} samples a quarter second apart rising to {@code maxBytes} and staying there; two heaps. */
    static List<HistorySample> ramp(int count, long maxBytes) {
        List<HistorySample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double f = Math.min(1, (i + 1) / (count * 0.3));
            samples.add(new HistorySample(T0 + i * 250L, (long) (f * maxBytes * 0.7), (long) (f * maxBytes),
                    f * 0.4, f * 0.5, List.of(f * 0.5, f * 0.1), 1000 * f, f * maxBytes / 10));
        }
        return samples;
    }

    private static List<String> series(XYChart chart) {
        return chart.getSeriesCollection().stream().map(s -> s.getName() + " " + hex(s)).toList();
    }

    private static String hex(XYSeries series) {
        Color color = series.getLineColor();
        return String.format("#%06x", color.getRGB() & 0xffffff);
    }
}
