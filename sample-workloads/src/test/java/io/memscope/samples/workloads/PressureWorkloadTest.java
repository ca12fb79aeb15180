package io.memscope.samples.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.Allocation;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.ImageAllocation;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.stats.HeapBudget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pressure workload on a real device. Lavapipe has no {@code VK_EXT_memory_budget}, so no other process can shrink
 * the budget here (VMA estimates it as 80 % of the heap, limited to 512 MiB); the pressure comes from inside the
 * process instead: another subsystem of the same core (tag {@code Hog}) takes memory between two frames, which raises
 * the usage the workload's budget counts, exactly as another process's memory lowers the budget on a GPU. The
 * two-process case ran on an NVIDIA H200 (docs/gpu-runs.md).
 */
class PressureWorkloadTest {
    private static final long MIB = 1L << 20;
    private static final long HEAP_LIMIT = 512 * MIB;

    private static AllocatorCore core() {
        return AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults().withHeapSizeLimit(HEAP_LIMIT));
    }

    private static void run(PressureWorkload workload, int from, int frames) {
        for (int frame = from; frame < from + frames; frame++) {
            workload.frame(frame);
        }
    }

    @Test
    void growsInStepsToTheTargetOfTheBudgetWithMixedResourcesAndLeavesNothingBehind() {
        try (AllocatorCore core = core(); PressureWorkload workload = new PressureWorkload(core, 3)) {
            workload.start();
            run(workload, 0, 40);
            PressureLog log = workload.log();
            HeapBudget heap = core.getMemoryBudget().heap(workload.heapIndex());
            long target = (long) (0.9 * heap.budgetBytes());
            assertThat(heap.usageBytes()).as("within one smallest step of the target")
                    .isGreaterThan(target - 64 * MIB).isLessThanOrEqualTo(heap.budgetBytes());
            assertThat(log.samples()).hasSize(40).noneMatch(PressureLog.FrameSample::overBudgetAtEnd);
            // the steps: usage rose by at most 256 MiB (one step) plus a new block per frame, and rose at first
            List<PressureLog.FrameSample> samples = log.samples();
            assertThat(samples.get(0).endUsage()).isGreaterThanOrEqualTo(64 * MIB);
            for (int i = 1; i < samples.size(); i++) {
                assertThat(samples.get(i).endUsage() - samples.get(i - 1).endUsage()).isLessThanOrEqualTo(320 * MIB);
            }
            List<Allocation> held = workload.residentAllocations();
            assertThat(held).anyMatch(a -> a instanceof ImageAllocation).anyMatch(a -> a instanceof BufferAllocation);
            assertThat(held.stream().mapToLong(Allocation::getSize).distinct().count()).isGreaterThan(2);
            assertThat(log.placements().values().stream().mapToLong(f -> f[0]).sum()).isEqualTo(held.size());
            assertThat(log.spilled()).as("lavapipe has one memory type").isZero();
            assertThat(workload.report()).contains("where allocations landed", "memory type 0 (heap 0, device-local)",
                    "budget over time");

            workload.close();
            assertThat(core.getStats().tag("Pressure").allocationCount()).isZero();
            assertThat(core.closeAndReportLeaks()).isEmpty();
        }
    }

    /**
     * At the target (368.6 MiB of a 409.6 MiB budget), the hog takes what is left of the budget and 48 MiB more between
     * two frames: usage over the budget. The next frame must end within the budget, having evicted only the least recently used of the lowest
     * priority present each time; then the workload churns and defragments; when the hog lets go it grows back.
     */
    @Test
    void memoryTakenElsewhereIsAnsweredWithinOneFrameByEvictingTheLruOfTheLowestPriority() {
        try (AllocatorCore core = core(); PressureWorkload workload = new PressureWorkload(core, 5)) {
            workload.start();
            run(workload, 0, 40);
            HeapBudget before = core.getMemoryBudget().heap(workload.heapIndex());
            long hogBytes = ((before.budgetBytes() - before.usageBytes()) / MIB + 48) * MIB; // 48 MiB over the budget
            assertThat(before.usageBytes() + hogBytes).as("fits the heap limit").isLessThanOrEqualTo(HEAP_LIMIT);
            List<BufferAllocation> hog = new ArrayList<>();
            hog.add(core.allocator("Hog").allocateBuffer(BufferRequest.of(hogBytes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).withDedicatedMemory()));
            assertThat(core.getMemoryBudget().heap(workload.heapIndex()).isOverBudget()).as("the hog's doing").isTrue();
            run(workload, 40, 1);
            PressureLog log = workload.log();
            PressureLog.FrameSample pressured = log.samples().get(40);
            assertThat(pressured.signal()).isTrue();
            assertThat(pressured.overBudgetAtStart()).isTrue();
            assertThat(pressured.overBudgetAtEnd()).as("back within budget in the same frame").isFalse();
            assertThat(pressured.evicted()).isPositive();
            assertThat(log.evictions()).hasSize(pressured.evicted()).allSatisfy(e -> {
                assertThat(e.priority()).as(e.name()).isEqualTo(e.lowestPriorityPresent());
                assertThat(e.lastUsed()).as(e.name()).isEqualTo(e.oldestUseAtLowestPriority());
            });
            List<PressureLog.Eviction> evictions = log.evictions();
            for (int i = 1; i < evictions.size(); i++) { // one episode, no use in between: in eviction order
                PressureLog.Eviction a = evictions.get(i - 1);
                PressureLog.Eviction b = evictions.get(i);
                assertThat(a.priority() < b.priority() || (a.priority() == b.priority() && a.lastUsed() <= b.lastUsed()))
                        .as("%s before %s", a, b).isTrue();
            }
            assertThat(evictions).anyMatch(e -> e.priority() == PressureWorkload.LOW);

            run(workload, 41, 60); // churn (30 frames), defragment, then hold at the target
            assertThat(log.defragmentations()).isNotEmpty();
            long heldWithHog = core.getMemoryBudget().heap(workload.heapIndex()).usageBytes();
            hog.forEach(BufferAllocation::close);
            run(workload, 101, 20);
            HeapBudget after = core.getMemoryBudget().heap(workload.heapIndex());
            assertThat(after.usageBytes()).as("grew back once the hog let go")
                    .isGreaterThanOrEqualTo(heldWithHog - hogBytes + 64 * MIB);

            assertThat(log.framesOverBudgetAfterSignal()).isZero();
            assertThat(log.longestOverBudgetStreak()).isLessThanOrEqualTo(1);
            for (PressureLog.FrameSample s : log.samples()) {
                if (s.signal()) {
                    assertThat(s.overBudgetAtEnd()).as("frame %d", s.frame()).isFalse();
                }
            }
            assertThat(log.evictions()).allMatch(PressureLog.Eviction::wasLruOfLowestPriority);
            System.out.println(workload.report());
            workload.close();
            assertThat(core.getStats().tag("Pressure").allocationCount()).isZero();
            assertThat(core.closeAndReportLeaks()).as("nothing leaked").isEmpty();
        }
    }

    @Test
    void loweringTheTargetEvictsDownToItInTheNextFrame() {
        try (AllocatorCore core = core(); PressureWorkload workload = new PressureWorkload(core, 9)) {
            workload.start();
            run(workload, 0, 30);
            workload.setTarget(0.4);
            run(workload, 30, 1);
            PressureLog.FrameSample s = workload.log().samples().get(30);
            assertThat(s.signal()).isTrue();
            HeapBudget heap = core.getMemoryBudget().heap(workload.heapIndex());
            long inUse = heap.usageBytes() - (heap.blockBytes() - heap.allocationBytes());
            assertThat(inUse).isLessThanOrEqualTo((long) (0.4 * heap.budgetBytes()));
            assertThat(workload.log().evictions()).isNotEmpty().allMatch(PressureLog.Eviction::wasLruOfLowestPriority);
            workload.close();
            assertThat(core.closeAndReportLeaks()).isEmpty();
        }
    }
}
