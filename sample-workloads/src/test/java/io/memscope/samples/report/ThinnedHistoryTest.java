package io.memscope.samples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link ThinnedHistory}: bounded however many entries arrive, evenly spaced, spanning the whole run. */
class ThinnedHistoryTest {

    @Test
    void keepsEverythingWhileThereIsRoom() {
        ThinnedHistory<Long> history = new ThinnedHistory<>(8);
        LongStream.range(0, 8).forEach(history::add);
        assertThat(history.toList()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(history.stride()).isEqualTo(1);
    }

    @Test
    void staysBoundedAndEvenlySpreadOverALongRun() {
        ThinnedHistory<Long> history = new ThinnedHistory<>(16);
        long n = 1_000_003; // a day of 100 ms samples is 864,000
        LongStream.range(0, n).forEach(history::add);

        List<Long> kept = history.toList();
        assertThat(kept.size()).isBetween(8, 16);
        assertThat(history.offered()).isEqualTo(n);
        long stride = history.stride();
        assertThat(kept.get(0)).isZero();
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).as("entry %d", i).isEqualTo(i * stride);
        }
        assertThat(n - 1 - kept.get(kept.size() - 1)).as("the kept entries reach the end of the run").isLessThan(stride);
    }

    @Test
    void rightAfterThinningTheNewEntryFitsTheNewSpacing() {
        ThinnedHistory<Long> history = new ThinnedHistory<>(4);
        LongStream.range(0, 5).forEach(history::add);
        assertThat(history.toList()).containsExactly(0L, 2L, 4L);
        assertThat(history.stride()).isEqualTo(2);
        LongStream.range(5, 9).forEach(history::add);
        assertThat(history.toList()).containsExactly(0L, 4L, 8L);
    }

    @Test
    void capacityMustBeEven() {
        assertThatThrownBy(() -> new ThinnedHistory<>(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThinnedHistory<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
