package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** {@link ByteAxis} and {@link Formats#compactBytes}: round binary steps, and tick labels a person reads at once. */
class ByteAxisTest {
    private static final long KiB = 1L << 10;
    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;

    @Test
    void tickLabelsAreShortExactBinaryUnits() {
        assertThat(Formats.compactBytes(1_073_741_824)).isEqualTo("1 GiB");
        assertThat(Formats.compactBytes(0)).isEqualTo("0 B");
        assertThat(Formats.compactBytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.compactBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.compactBytes(768 * MiB)).isEqualTo("768 MiB");
        assertThat(Formats.compactBytes(3 * GiB / 2)).isEqualTo("1.5 GiB");
        assertThat(Formats.compactBytes(5 * GiB / 4)).isEqualTo("1.25 GiB");
        assertThat(Formats.compactBytes(-512 * MiB)).isEqualTo("-512 MiB");
        assertThat(Formats.compactBytes(2048 * GiB)).isEqualTo("2 TiB");
    }

    @Test
    void theDashboardsSizesGetRoundSteps() {
        assertThat(ticks(ByteAxis.covering(864 * MiB))).containsExactly("0 B", "256 MiB", "512 MiB", "768 MiB", "1 GiB");
        assertThat(ticks(ByteAxis.covering(1.6 * GiB))).containsExactly("0 B", "512 MiB", "1 GiB", "1.5 GiB", "2 GiB");
        assertThat(ticks(ByteAxis.covering(5 * GiB))).containsExactly("0 B", "1 GiB", "2 GiB", "3 GiB", "4 GiB", "5 GiB",
                "6 GiB");
        assertThat(ticks(ByteAxis.covering(3_000_000))).containsExactly("0 B", "1 MiB", "2 MiB", "3 MiB", "4 MiB");
    }

    @Test
    void nothingAllocatedStillGivesAScale() {
        ByteAxis axis = ByteAxis.covering(0);
        assertThat(axis.topBytes()).isEqualTo(MiB);
        assertThat(ticks(axis)).containsExactly("0 B", "256 KiB", "512 KiB", "768 KiB", "1 MiB");
    }

    @Property(tries = 2000)
    void stepsArePowersOfTwoAndTheAxisCoversTheValuesWithFewTicks(@ForAll @LongRange(min = 0, max = 1L << 50) long max) {
        ByteAxis axis = ByteAxis.covering(max);

        assertThat(Long.bitCount(axis.stepBytes())).as("a power of two").isEqualTo(1);
        assertThat(axis.stepBytes()).isGreaterThanOrEqualTo(KiB);
        assertThat(axis.steps()).isBetween(1, ByteAxis.MAX_STEPS);
        assertThat((double) axis.topBytes()).isGreaterThanOrEqualTo(max * 1.05);
        assertThat(Math.max(MiB, max * 1.05) / (axis.stepBytes() / 2.0)).as("half the step would need too many ticks")
                .isGreaterThan(ByteAxis.MAX_STEPS);
        assertThat(ticks(axis)).allMatch(label -> label.matches("-?\\d+(\\.\\d{1,2})? (B|KiB|MiB|GiB|TiB)"));
        assertThat(axis.toSteps(axis.topBytes())).isEqualTo(axis.steps());
    }

    private static String[] ticks(ByteAxis axis) {
        return IntStream.rangeClosed(0, axis.steps()).mapToObj(axis::label).toArray(String[]::new);
    }

    @org.junit.jupiter.api.Test
    void countsAndRatesAreWrittenShortWithoutExponents() {
        org.assertj.core.api.Assertions.assertThat(java.util.stream.Stream.of(0.0, 750.0, 1500.0, 50_000.0, 2e6, 1.25e9,
                        -3000.0, 0.5, 999.999, 1e15)
                .map(Formats::compactNumber).toList())
                .containsExactly("0", "750", "1.5k", "50k", "2M", "1.25G", "-3k", "0.5", "1k", "1000T");
        org.assertj.core.api.Assertions.assertThat(Formats.compactNumber(Double.NaN)).isEqualTo("NaN");
        org.assertj.core.api.Assertions.assertThat(Formats.compactNumber(-0.0001)).isEqualTo("0");
        // the same rounding for bytes: a value that rounds up to the next unit is written in it
        org.assertj.core.api.Assertions.assertThat(Formats.compactBytes((1L << 20) - 1)).isEqualTo("1 MiB");
    }
}
