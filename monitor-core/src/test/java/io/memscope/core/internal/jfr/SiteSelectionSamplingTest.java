package io.memscope.core.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code 1/N} call-stack sampling is one allocation in N as if at random: a workload allocating in a repeating cycle of
 * N call sites gets stacks from every one of them (taking every N-th allocation gave one site only), and several
 * recordings' union still records everything each of them would.
 */
class SiteSelectionSamplingTest {
    @Test
    void aRepeatingCycleOfAllocationsIsSampledAtEveryPositionOfTheCycle() {
        SiteSelection oneIn16 = SiteSelection.parse("1/16");
        int cycle = 16;
        int[] perPosition = new int[cycle];
        int total = 0;
        for (long ordinal = 1; ordinal <= 160_000; ordinal++) {
            if (oneIn16.accepts(ordinal, "frame")) {
                perPosition[(int) (ordinal % cycle)]++;
                total++;
            }
        }
        assertThat(total).as("about one in 16 of 160 000").isBetween(9_400, 10_600);
        for (int p = 0; p < cycle; p++) {
            assertThat(perPosition[p]).as("position %d of the cycle", p).isBetween(450, 800); // ~625 each
        }
    }

    @Test
    void theUnionOfTwoRatesRecordsWhatEachWould() {
        SiteSelection a = SiteSelection.parse("1/4");
        SiteSelection b = SiteSelection.parse("1/6");
        SiteSelection union = SiteSelection.union(java.util.List.of(a, b));
        for (long ordinal = 1; ordinal <= 100_000; ordinal++) {
            if (a.accepts(ordinal, "t") || b.accepts(ordinal, "t")) {
                assertThat(union.accepts(ordinal, "t")).as("ordinal %d", ordinal).isTrue();
            }
        }
        assertThat(SiteSelection.parse("all").accepts(12345, "t")).isTrue();
        assertThat(SiteSelection.parse("none").accepts(12345, "t")).isFalse();
        assertThat(SiteSelection.parse("tag:texture").accepts(7, "texture")).isTrue();
    }
}
