package io.memscope.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Sawicki's metric over free ranges, and the accumulator's bookkeeping. */
class FreeRangesTest {
    @Test
    void metricIsZeroForOneRangeAndGrowsWithSplits() {
        FreeRanges one = new FreeRanges();
        one.add(1000);
        assertThat(one.fragmentation()).isZero();
        FreeRanges four = new FreeRanges();
        for (int i = 0; i < 4; i++) {
            four.add(250);
        }
        assertThat(four.fragmentation()).isCloseTo(0.5, within(1e-12)); // 1 - 1/sqrt(4)
        assertThat(new FreeRanges().fragmentation()).as("no free memory").isZero();
    }

    @Test
    void emptyRangesAreIgnoredAndAddAllAndClearKeepEveryFigure() {
        FreeRanges a = new FreeRanges();
        a.add(0);
        a.add(-5);
        assertThat(a.count()).isZero();
        a.add(300);
        a.add(100);
        FreeRanges b = new FreeRanges();
        b.add(600);
        b.addAll(a);
        assertThat(b.count()).isEqualTo(3);
        assertThat(b.totalBytes()).isEqualTo(1000);
        assertThat(b.largestBytes()).isEqualTo(600);
        double expected = 1 - Math.sqrt(600.0 * 600 + 300.0 * 300 + 100.0 * 100) / 1000;
        assertThat(b.fragmentation()).isCloseTo(expected, within(1e-12));
        b.clear();
        assertThat(b.count()).isZero();
        assertThat(b.totalBytes()).isZero();
        assertThat(b.largestBytes()).isZero();
        assertThat(b.fragmentation()).isZero();
    }
}
