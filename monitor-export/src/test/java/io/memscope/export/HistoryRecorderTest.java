package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
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
