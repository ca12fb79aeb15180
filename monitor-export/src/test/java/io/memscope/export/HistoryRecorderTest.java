package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocationKind;
import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link HistoryRecorder} on a real device: one point per stats sample, with the figures and the rate. */
class HistoryRecorderTest {

    @Test
    void aSampleCarriesTheSampledFiguresAndTheAllocationsSinceTheSampleBefore() throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            List<HistorySample> samples = new CopyOnWriteArrayList<>();
            Disposable subscription = core.monitor().events()
                    .subscribe(new HistoryRecorder(core.monitor()::getMemoryBudget, samples::add)::accept);
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                buffers.add(core.allocator("Terrain").allocateBuffer(1 << 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                        MemoryUsage.GPU_ONLY));
            }

            MemoryStats stats = core.monitor().sampleNow();

            HistorySample sample = awaitSampleAt(samples, stats);
            assertThat(sample.usedBytes()).isGreaterThanOrEqualTo(20L << 16);
            assertThat(sample.fragmentationRatio()).isEqualTo(stats.fragmentationRatio());
            assertThat(sample.heapUsageRatios()).hasSize(core.monitor().getMemoryBudget().heaps().size());
            double allocations = samples.stream().mapToDouble(HistorySample::allocationsPerSecond).sum();
            double bytes = samples.stream().mapToDouble(HistorySample::bytesPerSecond).sum();
            assertThat(allocations).as("the 20 allocations show in the rate").isPositive();
            assertThat(bytes / allocations).as("bytes per allocation").isCloseTo(1 << 16, offset(1.0));
            subscription.dispose();
            buffers.forEach(BufferAllocation::close);
        }
    }

    /** Samples from another JVM arrive late, older than the recorder: no interval, no rate, never a spike. */
    @Test
    void aSampleOlderThanTheOneBeforeHasNoRateInsteadOfAHugeOne() throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryStats stats = core.getStats();
            MemoryBudget budget = core.getMemoryBudget();
            List<HistorySample> samples = new ArrayList<>();
            HistoryRecorder recorder = new HistoryRecorder(() -> budget, samples::add);
            long now = System.nanoTime();
            AllocationInfo info = new AllocationInfo(1, "Terrain", AllocationKind.BUFFER, null, 1 << 16, 1 << 16,
                    MemoryUsage.GPU_ONLY, 0, 0, 0x1000, 0, 0x2000, 0);
            for (int i = 0; i < 1000; i++) {
                recorder.accept(new AllocationCreated(new EventHeader(i + 1, now - 2_000_000_000L, 0, "Terrain", "t"), info));
            }
            recorder.accept(new StatsSampled(new EventHeader(1001, now - 1_000_000_000L, 0, EventHeader.DEVICE, "t"), stats));
            recorder.accept(new StatsSampled(new EventHeader(1002, now - 1_000_000_001L, 0, EventHeader.DEVICE, "t"), stats));
            recorder.accept(new AllocationCreated(new EventHeader(1003, now, 0, "Terrain", "t"), info));
            recorder.accept(new StatsSampled(new EventHeader(1004, now - 500_000_000L, 0, EventHeader.DEVICE, "t"), stats));
            assertThat(samples).extracting(HistorySample::allocationsPerSecond).containsExactly(0.0, 0.0, 2.0 / (1 + 2e-9));
        }
    }

    /** The first sample with {@code stats}' figures, once the delivery thread has handed it over (10 s at most). */
    private static HistorySample awaitSampleAt(List<HistorySample> samples, MemoryStats stats) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (HistorySample s : samples) {
                if (s.usedBytes() == stats.usedBytes() && s.allocatedBytes() == stats.totalBytes()) {
                    return s;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no sample with " + stats.usedBytes() + " bytes used among " + samples);
    }
}
