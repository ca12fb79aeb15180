package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.stats.BudgetSource;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BudgetAndWarningTest {
    private static final long MIB = 1L << 20;

    @Test
    void budgetHasOneEntryPerHeapAndTracksUsage() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryBudget before = core.getMemoryBudget();
            assertThat(before.heaps()).hasSize(core.getMemoryLayout().heaps().size());
            BudgetSource expected = core.getContext().hasMemoryBudgetExtension() ? BudgetSource.EXT_MEMORY_BUDGET : BudgetSource.VMA_ESTIMATE;
            assertThat(before.source()).isEqualTo(expected);
            if (expected == BudgetSource.VMA_ESTIMATE) {
                for (HeapBudget heap : before.heaps()) {
                    assertThat(heap.budgetBytes()).as("VMA estimates 80%% of the heap").isEqualTo(heap.heapSizeBytes() * 8 / 10);
                }
            }
            try (BufferAllocation big = core.allocator("Big").allocateBuffer(64 * MIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
                MemoryBudget after = core.getMemoryBudget();
                HeapBudget heap = after.heap(big.getHeapIndex());
                assertThat(heap.allocationBytes() - before.heap(big.getHeapIndex()).allocationBytes()).isEqualTo(big.getAllocatedSize());
                assertThat(heap.blockBytes()).isGreaterThanOrEqualTo(64 * MIB);
                assertThat(after.usageBytes()).isGreaterThan(before.usageBytes());
                assertThat(after.usagePercentage()).isCloseTo((double) after.usageBytes() / after.budgetBytes(), within(1e-12));
                assertThat(after.isOverBudget()).isFalse();
            }
        }
    }

    @Test
    void aHeapSizeLimitIsTheHeapSizeEveryFigureReports() {
        long limit = 256 * MIB;
        try (AllocatorCore core = TestDevice.newCore(limit)) {
            MemoryBudget budget = core.getMemoryBudget();
            MemoryStats stats = core.getStats();
            for (MemoryHeapInfo info : core.getMemoryLayout().heaps()) {
                long effective = Math.min(info.sizeBytes(), limit);
                HeapBudget heap = budget.heap(info.index());
                assertThat(heap.heapSizeBytes()).as("heap %d as limited", info.index()).isEqualTo(effective);
                assertThat(heap.physicalHeapSizeBytes()).isEqualTo(info.sizeBytes());
                assertThat(stats.heaps().get(info.index()).heapSizeBytes()).isEqualTo(effective);
                if (budget.source() == BudgetSource.VMA_ESTIMATE) {
                    assertThat(heap.budgetBytes()).as("VMA estimates 80%% of the limited heap").isEqualTo(effective * 8 / 10);
                }
            }
            assertThat(core.getDetailedReport()).contains("size 256 MiB");
        }
    }

    /**
     * Where VMA estimates the budget (80 % of the heap, lavapipe) usage passes it before the heap is full.
     * With VK_EXT_memory_budget the driver's usage counts more than VMA's blocks, so it may pass the budget
     * (seen on an H100) or the heap may fill first; either way the figures must agree with each other.
     */
    @Test
    void overBudgetIsReportedWhenUsagePassesTheBudget() {
        try (AllocatorCore core = TestDevice.newCore(64 * MIB)) {
            MemoryAllocator allocator = core.allocator("Pressure");
            boolean estimated = core.getMemoryBudget().source() == BudgetSource.VMA_ESTIMATE;
            List<BufferAllocation> held = new ArrayList<>();
            boolean heapFull = false;
            try {
                while (!core.getMemoryBudget().isOverBudget()) {
                    held.add(allocator.allocateBuffer(4 * MIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
                    assertThat(held.size()).as("64 MiB heaps fill within 16 buffers each").isLessThanOrEqualTo(
                            16 * core.getMemoryLayout().heaps().size());
                }
            } catch (OutOfDeviceMemoryException full) {
                heapFull = true;
            }
            MemoryBudget budget = core.getMemoryBudget();
            if (estimated) {
                assertThat(heapFull).as("with VMA's estimate, usage passes the budget before the heap fills").isFalse();
            }
            if (budget.isOverBudget()) {
                assertThat(budget.heaps()).anySatisfy(h -> {
                    assertThat(h.isOverBudget()).isTrue();
                    assertThat(h.usagePercentage()).isGreaterThan(1.0);
                    assertThat(h.usageBytes()).isGreaterThan(h.budgetBytes());
                });
            } else {
                assertThat(heapFull).isTrue();
                assertThat(budget.heap(held.get(0).getHeapIndex()).usagePercentage()).isGreaterThan(0.9);
            }
            held.forEach(BufferAllocation::close);
            assertThat(core.getMemoryBudget().isOverBudget()).as("freeing brings usage back under the budget").isFalse();
        }
    }

    @Test
    void warningThresholdFiresOnceUpAndOnceDown() throws Exception {
        try (AllocatorCore core = TestDevice.newCore(64 * MIB)) {
            MemoryAllocator allocator = core.allocator("DynamicRenderer");
            allocator.setMemoryUsageWarningThreshold(0.5);
            assertThat(allocator.getMemoryUsageWarningThreshold()).isEqualTo(0.5);
            TestSubscriber<ThresholdCrossed> published = core.monitor().warnings().test();
            List<MemoryWarning> warnings = new CopyOnWriteArrayList<>(); // the sampler may evaluate too
            try (AutoCloseable subscription = allocator.addMemoryWarningListener(warnings::add)) {
                List<BufferAllocation> held = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    held.add(allocator.allocateBuffer(4 * MIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
                }
                assertThat(warnings).as("heard from the allocations themselves").hasSize(1);
                MemoryWarning up = warnings.get(0);
                assertThat(up.raised()).isTrue();
                assertThat(up.tag()).isEqualTo("DynamicRenderer");
                assertThat(up.threshold()).isEqualTo(0.5);
                assertThat(up.usageFraction()).isGreaterThan(0.5);

                held.forEach(BufferAllocation::close);
                assertThat(warnings).as("heard from close() itself").hasSize(2);
                assertThat(warnings.get(1).raised()).isFalse();
                assertThat(warnings.get(1).usageFraction()).isLessThanOrEqualTo(0.5);
                assertThat(up.scope()).startsWith("tag DynamicRenderer, heap " + up.heapIndex() + " (");
            }
            // the same crossings, on the monitor's one threshold mechanism, carrying the facade's tag
            List<ThresholdCrossed> facadeCrossings = published.awaitCount(2).values().stream()
                    .filter(c -> c.kind() == ThresholdCrossed.Kind.TAG_USAGE).toList();
            assertThat(facadeCrossings).extracting(ThresholdCrossed::direction)
                    .containsExactly(ThresholdCrossed.Direction.UP, ThresholdCrossed.Direction.DOWN);
            assertThat(facadeCrossings).allSatisfy(c -> {
                assertThat(c.tag()).isEqualTo("DynamicRenderer");
                assertThat(c.scope()).startsWith("tag DynamicRenderer, heap ").doesNotContain("-1");
            });
            published.cancel();
            // Removed listeners hear nothing more.
            try (BufferAllocation a = allocator.allocateBuffer(40 * MIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
                assertThat(warnings).hasSize(2);
            }
        }
    }

    /** Getters have no side effects: only allocations of the facade itself and monitor samples evaluate it. */
    @Test
    void readingTheBudgetFiresNoWarningButASampleDoes() throws Exception {
        try (AllocatorCore core = TestDevice.newCore(64 * MIB)) {
            MemoryAllocator watched = core.allocator("Watched");
            watched.setMemoryUsageWarningThreshold(0.5);
            List<MemoryWarning> warnings = new CopyOnWriteArrayList<>();
            try (AutoCloseable subscription = watched.addMemoryWarningListener(warnings::add);
                 BufferAllocation other = core.allocator("Other").allocateBuffer(40 * MIB,
                         VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
                assertThat(watched.getMemoryBudget().heap(other.getHeapIndex()).usagePercentage()).isGreaterThan(0.5);
                core.getMemoryBudget();
                assertThat(warnings).as("getters fire nothing").isEmpty();
                core.monitor().sampleNow();
                assertThat(warnings).as("a sample evaluates every watched facade").singleElement()
                        .satisfies(w -> assertThat(w.raised()).isTrue());
            }
        }
    }

    @Test
    void thresholdOutsideZeroToOneIsRejected() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator("X");
            assertThatThrownBy(() -> allocator.setMemoryUsageWarningThreshold(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> allocator.setMemoryUsageWarningThreshold(1.5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> allocator.setMemoryUsageWarningThreshold(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
            assertThat(allocator.getMemoryUsageWarningThreshold()).isEqualTo(1.0);
        }
    }
}
