package io.memscope.benchmarks;

import io.memscope.core.internal.FreeRangeScan;
import io.memscope.core.internal.FreeRanges;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fragmentation computation alone, as {@code getStats()} runs it: every block's free ranges from the
 * ledger's placements ({@link FreeRangeScan}) and Sawicki's metric over them, at 1k, 10k and 100k live
 * allocations spread over 64 MiB blocks with a hole before every third allocation, in offset order or
 * shuffled (where holes were reused, the ledger's order drifts from offset order). No Vulkan involved; the
 * VMA route to the same ranges (the detailed JSON map) is measured in {@link StatisticsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FragmentationBenchmark {
    @Param({"1000", "10000", "100000"})
    public int liveAllocations;

    /** {@code false}: ledger order equals offset order (fresh blocks); {@code true}: random order (worst case). */
    @Param({"false", "true"})
    public boolean shuffled;

    private long[] blockMemory;
    private long[] blockSize;
    private long[] memory;
    private long[] offset;
    private long[] size;

    @Setup
    public void setUp() {
        Random random = new Random(11);
        long block = 64L << 20;
        memory = new long[liveAllocations];
        offset = new long[liveAllocations];
        size = new long[liveAllocations];
        int blocks = 1;
        long cursor = 0;
        for (int i = 0; i < liveAllocations; i++) {
            long s = 256 + random.nextInt(4096);
            long gap = i % 3 == 0 ? 256 + random.nextInt(4096) : 0;
            if (cursor + gap + s > block) {
                blocks++;
                cursor = 0;
            }
            memory[i] = 0x10000L * blocks;
            offset[i] = cursor + gap;
            size[i] = s;
            cursor += gap + s;
        }
        blockMemory = new long[blocks];
        blockSize = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            blockMemory[b] = 0x10000L * (b + 1);
            blockSize[b] = block;
        }
        for (int i = liveAllocations - 1; shuffled && i > 0; i--) {
            int j = random.nextInt(i + 1);
            long m = memory[i], o = offset[i], s = size[i];
            memory[i] = memory[j]; offset[i] = offset[j]; size[i] = size[j];
            memory[j] = m; offset[j] = o; size[j] = s;
        }
    }

    @Benchmark
    public double freeRangesAndFragmentation() {
        FreeRanges pooled = new FreeRanges();
        FreeRanges[] byBlock = new FreeRanges[blockMemory.length];
        java.util.Arrays.fill(byBlock, pooled);
        FreeRangeScan.scan(blockMemory, blockSize, memory, offset, size, memory.length, byBlock);
        return pooled.fragmentation();
    }
}
