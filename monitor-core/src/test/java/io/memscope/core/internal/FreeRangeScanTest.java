package io.memscope.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The primitive-array scan against a plain model: per block, sort the allocations and walk the gaps. */
class FreeRangeScanTest {

    @Property(tries = 200)
    void scanFindsExactlyTheGapsOfEveryBlock(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int blocks,
                                             @ForAll @IntRange(min = 0, max = 300) int allocations) {
        Random random = new Random(seed);
        long[] blockMemory = new long[blocks];
        long[] blockSize = new long[blocks];
        List<List<long[]>> placed = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            blockMemory[b] = 0x7f00_0000_0000L + random.nextInt(1 << 30) * 64L + b; // distinct, unordered
            blockSize[b] = (1L << 20) * (1 + random.nextInt(256));
            placed.add(packRandomly(blockSize[b], allocations / blocks, random));
        }
        List<long[]> all = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            for (long[] a : placed.get(b)) {
                all.add(new long[] {blockMemory[b], a[0], a[1]});
            }
        }
        Collections.shuffle(all, random);
        long[] memory = all.stream().mapToLong(a -> a[0]).toArray();
        long[] offset = all.stream().mapToLong(a -> a[1]).toArray();
        long[] size = all.stream().mapToLong(a -> a[2]).toArray();
        FreeRanges[] actual = new FreeRanges[blocks];
        for (int b = 0; b < blocks; b++) {
            actual[b] = new FreeRanges();
        }

        FreeRangeScan.scan(blockMemory, blockSize, memory, offset, size, all.size(), actual);

        for (int b = 0; b < blocks; b++) {
            FreeRanges expected = modelGaps(blockSize[b], placed.get(b));
            assertThat(actual[b].count()).as("block %d range count", b).isEqualTo(expected.count());
            assertThat(actual[b].totalBytes()).as("block %d free bytes", b).isEqualTo(expected.totalBytes());
            assertThat(actual[b].largestBytes()).isEqualTo(expected.largestBytes());
            assertThat(actual[b].fragmentation()).isCloseTo(expected.fragmentation(), within(1e-12));
        }
    }

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

    /** Random disjoint [offset, offset + size) intervals inside a block, in creation (not offset) order. */
    private static List<long[]> packRandomly(long blockSize, int count, Random random) {
        List<long[]> out = new ArrayList<>();
        long cursor = 0;
        for (int i = 0; i < count && cursor < blockSize; i++) {
            long gap = random.nextInt(4) == 0 ? 0 : random.nextInt(8192);
            long size = 1 + random.nextInt(65536);
            if (cursor + gap + size > blockSize) {
                break;
            }
            out.add(new long[] {cursor + gap, size});
            cursor += gap + size;
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static FreeRanges modelGaps(long blockSize, List<long[]> inBlock) {
        List<long[]> sorted = new ArrayList<>(inBlock);
        sorted.sort((x, y) -> Long.compare(x[0], y[0]));
        FreeRanges ranges = new FreeRanges();
        long cursor = 0;
        for (long[] a : sorted) {
            ranges.add(a[0] - cursor);
            cursor = a[0] + a[1];
        }
        ranges.add(blockSize - cursor);
        return ranges;
    }
}
