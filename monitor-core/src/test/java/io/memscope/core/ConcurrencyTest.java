package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ConcurrencyTest {

    @Test
    void fourThreadsTimesTenThousandAllocateFreeLeaveLedgerAndVmaAtZero() throws Exception {
        int threads = 4;
        int operations = 10_000;
        try (AllocatorCore core = TestDevice.newCore()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                MemoryAllocator allocator = core.allocator("Worker" + t);
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    ArrayDeque<BufferAllocation> mine = new ArrayDeque<>();
                    long made = 0;
                    start.await();
                    for (int i = 0; i < operations; i++) {
                        if (!mine.isEmpty() && (random.nextBoolean() || mine.size() > 64)) {
                            (random.nextBoolean() ? mine.pollFirst() : mine.pollLast()).close();
                        } else {
                            MemoryUsage usage = MemoryUsage.values()[random.nextInt(4)];
                            mine.add(allocator.allocateBuffer(1 + random.nextInt(64 * 1024), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, usage));
                            made++;
                        }
                        if (i % 2500 == 0) {
                            core.getStats(); // statistics interleave with allocation on other threads
                            core.getMemoryBudget();
                        }
                    }
                    mine.forEach(BufferAllocation::close);
                    return made;
                }));
            }
            long made = 0;
            for (Future<Long> result : results) {
                made += result.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(made).isGreaterThan(threads * operations / 3);
            assertThat(core.getLiveAllocationCount()).isZero();
            MemoryStats stats = core.getStats();
            assertThat(stats.allocationCount()).isZero();
            assertThat(stats.usedBytes()).isZero();
            VmaTruth.assertLedgerMatchesVma(core);
        }
    }

    @Test
    void closingWhileOtherThreadsAllocateNeverCrashesAndStopsThemCleanly() throws Exception {
        int threads = 4;
        AllocatorCore core = TestDevice.newCore();
        java.util.concurrent.CountDownLatch warmedUp = new java.util.concurrent.CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Throwable>> endings = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            MemoryAllocator allocator = core.allocator("Racer" + t);
            endings.add(pool.submit(() -> {
                ArrayDeque<BufferAllocation> mine = new ArrayDeque<>();
                try {
                    for (int i = 0; ; i++) {
                        mine.add(allocator.allocateBuffer(256 + i % 4096, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
                        if (mine.size() > 32) {
                            mine.poll().close();
                        }
                        if (i == 1000) {
                            warmedUp.countDown();
                        }
                    }
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        assertThat(warmedUp.await(2, java.util.concurrent.TimeUnit.MINUTES)).as("every racer allocated 1000 times").isTrue();
        List<LeakReport> leaks = core.closeAndReportLeaks();
        for (Future<Throwable> ending : endings) {
            assertThat(ending.get(2, java.util.concurrent.TimeUnit.MINUTES)).isInstanceOf(AllocatorClosedException.class);
        }
        pool.shutdown();
        assertThat(leaks).isNotEmpty().allSatisfy(l -> assertThat(l.tag()).startsWith("Racer"));
        assertThat(core.getLiveAllocationCount()).isZero();
    }
}
