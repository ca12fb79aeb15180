package io.memscope.benchmarks;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.nvmaFreeStatsString;
import static org.lwjgl.util.vma.Vma.vmaBuildStatsString;
import static org.lwjgl.util.vma.Vma.vmaCalculateStatistics;
import static org.lwjgl.util.vma.Vma.vmaGetHeapBudgets;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_MAX_MEMORY_HEAPS;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaBudget;
import org.lwjgl.util.vma.VmaTotalStatistics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of figures at 1k, 10k and 100k live allocations (every third one freed, so blocks have holes):
 * memscope's {@code getStats()} (totals, per heap/type/tag, free ranges and fragmentation) against VMA's
 * {@code vmaCalculateStatistics} (totals without the free-range list) and {@code vmaBuildStatsString} with
 * the detailed map (the only VMA output that lists every free range, as fragmentation needs); and
 * {@code getMemoryBudget()} against raw {@code vmaGetHeapBudgets}. {@code memscopeGetStatsAfterChurn} minus
 * {@code churnOnly} is what a read costs after one free and one allocation changed a block.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatisticsBenchmark {
    @Param({"1000", "10000", "100000"})
    public int liveAllocations;

    private DeviceState device;
    private long vma;
    private VmaTotalStatistics vmaStats;
    private MemoryAllocator allocator;
    private final List<BufferAllocation> live = new ArrayList<>();
    private final Random churn = new Random(11);

    @Setup(Level.Trial)
    public void setUp() {
        // No sampler: the raw calls below use memscope's externally synchronised VmaAllocator outside its lock,
        // which is safe only while no other thread calls it.
        device = new DeviceState(DeviceState.monitoring("off"));
        vma = device.core.getVmaAllocator();
        vmaStats = VmaTotalStatistics.calloc();
        allocator = device.core.allocator("Benchmark");
        Random random = new Random(7);
        List<BufferAllocation> made = new ArrayList<>();
        int total = liveAllocations * 3 / 2;
        for (int i = 0; i < total; i++) {
            made.add(allocator.allocateBuffer(256L + random.nextInt(4096), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
        }
        for (int i = 0; i < made.size(); i += 3) {
            made.get(i).close();
        }
        for (BufferAllocation b : made) {
            if (b.isLive()) {
                live.add(b);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vmaStats.free();
        device.close();
    }

    @Benchmark
    public MemoryStats memscopeGetStats() {
        return device.core.getStats();
    }

    /**
     * One random free and one allocation, then {@code getStats()}: what a sampler pays when the ledger changed in one
     * place since its last read (the changed block's free ranges are rebuilt). Subtract {@link #churnOnly()}.
     */
    @Benchmark
    public MemoryStats memscopeGetStatsAfterChurn() {
        churnOnce();
        return device.core.getStats();
    }

    /** The free and allocation of {@link #memscopeGetStatsAfterChurn()} alone. */
    @Benchmark
    public int churnOnly() {
        return churnOnce();
    }

    private int churnOnce() {
        int victim = churn.nextInt(live.size());
        live.get(victim).close();
        live.set(victim, allocator.allocateBuffer(256L + churn.nextInt(4096), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                MemoryUsage.GPU_ONLY));
        return victim;
    }

    @Benchmark
    public long rawVmaCalculateStatistics() {
        vmaCalculateStatistics(vma, vmaStats);
        return vmaStats.total().statistics().allocationBytes();
    }

    @Benchmark
    public int rawVmaDetailedJson() {
        try (MemoryStack stack = stackPush()) {
            PointerBuffer pString = stack.mallocPointer(1);
            vmaBuildStatsString(vma, pString, true);
            long address = pString.get(0);
            int length = org.lwjgl.system.MemoryUtil.memLengthNT1(org.lwjgl.system.MemoryUtil.memByteBuffer(address, Integer.MAX_VALUE));
            nvmaFreeStatsString(vma, address);
            return length;
        }
    }

    @Benchmark
    public MemoryBudget memscopeGetMemoryBudget() {
        return device.core.getMemoryBudget();
    }

    @Benchmark
    public long rawVmaGetHeapBudgets() {
        try (MemoryStack stack = stackPush()) {
            VmaBudget.Buffer budgets = VmaBudget.malloc(VK_MAX_MEMORY_HEAPS, stack);
            vmaGetHeapBudgets(vma, budgets);
            return budgets.get(0).usage();
        }
    }
}
