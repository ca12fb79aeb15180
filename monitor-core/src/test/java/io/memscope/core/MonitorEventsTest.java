package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed.Direction;
import io.memscope.core.event.ThresholdCrossed.Kind;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The event streams of a real {@link AllocatorCore} on a real Vulkan device. */
class MonitorEventsTest {
    private static final int USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

    private static AllocatorCore core(MonitorOptions monitor) {
        return AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults().withMonitor(monitor));
    }

    private static MonitorOptions manualSampling() {
        return MonitorOptions.defaults().withSampleInterval(Duration.ZERO);
    }

    @Test
    void losslessStreamCarriesEveryAllocationAndFreeOfFourThreadsOnceInThreadOrder() throws Exception {
        int threads = 4;
        int perThread = 500;
        AllocatorCore core = core(manualSampling().withOverflowPolicy(OverflowPolicy.LOSSLESS).withBufferCapacity(64));
        TestSubscriber<MemoryEvent> all = core.monitor().events().test();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<Long>>> performed = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            MemoryAllocator allocator = core.allocator("Worker" + t);
            performed.add(pool.submit(() -> {
                List<Long> ids = new ArrayList<>(); // +id = created, -id = freed, in the order this thread did them
                start.await();
                List<BufferAllocation> live = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    BufferAllocation buffer = allocator.allocateBuffer(256 + i, USAGE, MemoryUsage.GPU_ONLY);
                    ids.add(buffer.getId());
                    live.add(buffer);
                    if (i % 3 == 2) {
                        BufferAllocation victim = live.remove(0);
                        victim.close();
                        ids.add(-victim.getId());
                    }
                }
                for (BufferAllocation buffer : live) {
                    buffer.close();
                    ids.add(-buffer.getId());
                }
                return ids;
            }));
        }
        Map<String, List<Long>> expectedByThread = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            expectedByThread.put("Worker" + t, performed.get(t).get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        core.close();
        all.await(1, TimeUnit.MINUTES);
        all.assertComplete().assertNoErrors();

        Map<String, List<Long>> seenByTag = new HashMap<>();
        Set<Long> seenEvents = new HashSet<>();
        long sequence = 0;
        for (MemoryEvent event : all.values()) {
            assertThat(event.sequence()).as("gap-free").isEqualTo(++sequence);
            AllocationEvent allocationEvent = (AllocationEvent) event;
            long signedId = event instanceof AllocationFreed ? -allocationEvent.allocation().id()
                    : allocationEvent.allocation().id();
            assertThat(seenEvents.add(signedId)).as("exactly once").isTrue();
            seenByTag.computeIfAbsent(event.tag(), k -> new ArrayList<>()).add(signedId);
            assertThat(event.header().thread()).startsWith("pool-");
        }
        assertThat(seenByTag).isEqualTo(expectedByThread); // every event, in each thread's order
    }

    @Test
    void allocationEventsDescribeThePlacementAndTheFreeGivesTheLifetime() throws InterruptedException {
        AllocatorCore core = core(manualSampling().withOverflowPolicy(OverflowPolicy.LOSSLESS));
        TestSubscriber<AllocationEvent> allocations = core.monitor().allocations().test();
        MemoryAllocator allocator = core.allocator("Mesh");
        BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(4096, USAGE, MemoryUsage.CPU_TO_GPU).named("vb"));
        long deviceMemory = buffer.getDeviceMemory();
        long offset = buffer.getOffset();
        buffer.close();
        core.close();
        allocations.await(1, TimeUnit.MINUTES);
        allocations.assertValueCount(2).assertComplete();
        AllocationCreated created = (AllocationCreated) allocations.values().get(0);
        assertThat(created.allocation()).satisfies(info -> {
            assertThat(info.id()).isEqualTo(buffer.getId());
            assertThat(info.tag()).isEqualTo("Mesh");
            assertThat(info.name()).isEqualTo("vb");
            assertThat(info.kind()).isEqualTo(AllocationKind.BUFFER);
            assertThat(info.sizeBytes()).isEqualTo(4096);
            assertThat(info.deviceMemory()).isEqualTo(deviceMemory);
            assertThat(info.offset()).isEqualTo(offset);
            assertThat(info.resource()).isEqualTo(buffer.getBuffer());
            assertThat(info.memoryUsage()).isEqualTo(MemoryUsage.CPU_TO_GPU);
        });
        AllocationFreed freed = (AllocationFreed) allocations.values().get(1);
        assertThat(freed.allocation().id()).isEqualTo(buffer.getId());
        assertThat(freed.lifetimeNanos()).isNotNegative();
        assertThat(freed.header().monotonicNanos()).isGreaterThanOrEqualTo(created.header().monotonicNanos());
        assertThat(freed.time()).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @Test
    void aThrowingSubscriberIsCutOffWhileAllocationAndOtherSubscribersGoOn() throws InterruptedException {
        AllocatorCore core = core(manualSampling().withOverflowPolicy(OverflowPolicy.LOSSLESS));
        AtomicInteger thrownAt = new AtomicInteger();
        java.util.concurrent.CountDownLatch cutOff = new java.util.concurrent.CountDownLatch(1);
        core.monitor().allocations().subscribe(event -> {
            thrownAt.incrementAndGet();
            throw new IllegalStateException("dashboard bug (expected by the test)");
        }, error -> cutOff.countDown());
        TestSubscriber<AllocationEvent> healthy = core.monitor().allocations().test();
        MemoryAllocator allocator = core.allocator("Engine");
        for (int i = 0; i < 200; i++) {
            allocator.allocateBuffer(1024, USAGE, MemoryUsage.GPU_ONLY).close();
        }
        core.close();
        healthy.await(1, TimeUnit.MINUTES);
        healthy.assertValueCount(400).assertComplete();
        assertThat(cutOff.await(1, TimeUnit.MINUTES)).as("the thrower was cut off").isTrue();
        assertThat(thrownAt.get()).isEqualTo(1);
    }

    @Test
    void lateSubscribersToBudgetsAndStatsGetTheLatestSampleAtOnce() throws InterruptedException {
        try (AllocatorCore core = core(manualSampling())) {
            MemoryMonitor monitor = core.monitor();
            TestSubscriber<BudgetSampled> early = monitor.budgets().test();
            MemoryAllocator allocator = core.allocator("Engine");
            try (BufferAllocation buffer = allocator.allocateBuffer(1 << 20, USAGE, MemoryUsage.GPU_ONLY)) {
                MemoryStats sampled = monitor.sampleNow();
                early.awaitCount(1);
                BudgetSampled latest = early.values().get(0);

                TestSubscriber<BudgetSampled> lateBudget = monitor.budgets().test();
                TestSubscriber<StatsSampled> lateStats = monitor.stats().test();
                lateBudget.awaitCount(1);
                lateStats.awaitCount(1);
                assertThat(lateBudget.values()).singleElement().isSameAs(latest);
                assertThat(lateStats.values().get(0).stats().usedBytes()).isEqualTo(sampled.usedBytes())
                        .isGreaterThanOrEqualTo(buffer.getSize());
            }
        }
    }

    @Test
    void fragmentationCrossingIsReportedOnceUpAndOnceDown() throws InterruptedException {
        AllocatorCore core = core(manualSampling().withThresholds(MonitorThresholds.defaults().withFragmentation(0.4)));
        MemoryMonitor monitor = core.monitor();
        TestSubscriber<ThresholdCrossed> warnings = monitor.warnings().test();
        MemoryAllocator allocator = core.allocator("Fragmenter");
        long mib = 1 << 20;
        assertThat(allocator.setCustomBufferSize(8 * mib)).isTrue();
        List<BufferAllocation> buffers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            buffers.add(allocator.allocateBuffer(mib, USAGE, MemoryUsage.GPU_ONLY));
        }
        monitor.sampleNow(); // one full block: no fragmentation
        for (int i = 0; i < 8; i += 2) {
            buffers.get(i).close(); // four equal holes: F2 = 1 - sqrt(4)/4 = 0.5
        }
        assertThat(monitor.sampleNow().fragmentationRatio()).isGreaterThan(0.4);
        monitor.sampleNow(); // still above: no second crossing
        for (int i = 1; i < 8; i += 2) {
            buffers.get(i).close();
        }
        assertThat(monitor.sampleNow().fragmentationRatio()).isLessThan(0.38);
        core.close();
        warnings.await(1, TimeUnit.MINUTES);
        List<ThresholdCrossed> fragmentation = warnings.values().stream()
                .filter(w -> w.kind() == Kind.FRAGMENTATION).toList();
        assertThat(fragmentation).extracting(ThresholdCrossed::direction).containsExactly(Direction.UP, Direction.DOWN);
        assertThat(fragmentation.get(0).value()).isGreaterThan(0.4);
        assertThat(fragmentation.get(0).heapIndex()).isEqualTo(-1);
    }

    @Test
    void usageCrossingFollowsADedicatedAllocation() throws InterruptedException {
        AllocatorCore core = core(manualSampling());
        MemoryMonitor monitor = core.monitor();
        MemoryAllocator allocator = core.allocator("Big");
        long size = 64L << 20;
        // find the heap and its usage fraction with nothing of ours allocated, then put the line halfway up
        int heap;
        try (BufferAllocation probe = allocator.allocateBuffer(BufferRequest.of(4096, USAGE, MemoryUsage.GPU_ONLY))) {
            heap = probe.getHeapIndex();
        }
        HeapBudget before = core.getMemoryBudget().heap(heap);
        double step = (double) size / before.budgetBytes();
        double line = before.usagePercentage() + step / 2;
        monitor.setThresholds(MonitorThresholds.defaults().withUsageWarning(line).withUsageHigh(1.0)
                .withHysteresis(step / 4));
        TestSubscriber<ThresholdCrossed> warnings = monitor.warnings().test();
        BufferAllocation big = allocator.allocateBuffer(BufferRequest.of(size, USAGE, MemoryUsage.GPU_ONLY).withDedicatedMemory());
        monitor.sampleNow();
        big.close();
        monitor.sampleNow();
        core.close();
        warnings.await(1, TimeUnit.MINUTES);
        assertThat(warnings.values().stream().filter(w -> w.kind() == Kind.USAGE_WARNING && w.heapIndex() == heap))
                .extracting(ThresholdCrossed::direction).containsExactly(Direction.UP, Direction.DOWN);
    }

    @Test
    void snapshotsKeepStatsBudgetTagsAndAllocationsAndArePublished() throws InterruptedException {
        AllocatorCore core = core(manualSampling());
        MemoryMonitor monitor = core.monitor();
        TestSubscriber<MemoryEvent> events = monitor.events().test();
        MemoryAllocator terrain = core.allocator("Terrain");
        BufferAllocation a = terrain.allocateBuffer(1 << 16, USAGE, MemoryUsage.GPU_ONLY);
        MemorySnapshot first = monitor.takeSnapshot("one buffer");
        BufferAllocation b = terrain.allocateBuffer(1 << 17, USAGE, MemoryUsage.GPU_ONLY);
        MemorySnapshot second = monitor.takeSnapshot("two buffers");

        assertThat(first.description()).isEqualTo("one buffer");
        assertThat(first.allocations()).extracting(i -> i.id()).containsExactly(a.getId());
        assertThat(second.allocations()).extracting(i -> i.id()).containsExactly(a.getId(), b.getId());
        assertThat(second.tags().get("Terrain").allocationCount()).isEqualTo(2);
        assertThat(second.stats().usedBytes() - first.stats().usedBytes()).isEqualTo(b.getAllocatedSize());
        assertThat(second.budget().heaps()).hasSize(core.getMemoryLayout().heaps().size());
        assertThat(second.id()).isEqualTo(first.id() + 1);
        assertThat(monitor.getSnapshots()).containsExactly(first, second);
        a.close();
        b.close();
        core.close();
        events.await(1, TimeUnit.MINUTES);
        assertThat(events.values().stream().filter(SnapshotTaken.class::isInstance).map(e -> ((SnapshotTaken) e).snapshot()))
                .containsExactly(first, second);
    }

    @Test
    void snapshotsOlderThanTheRetentionWindowAreDropped() {
        try (AllocatorCore core = core(manualSampling().withSnapshotRetention(Duration.ofNanos(1)))) {
            MemorySnapshot first = core.monitor().takeSnapshot("old");
            MemorySnapshot second = core.monitor().takeSnapshot("new");
            assertThat(second.monotonicNanos()).isGreaterThan(first.monotonicNanos());
            assertThat(core.monitor().getSnapshots()).doesNotContain(first);
            assertThat(core.monitor().getSnapshotRetention()).isEqualTo(Duration.ofNanos(1));
        }
        try (AllocatorCore core = core(manualSampling())) {
            assertThat(core.monitor().getSnapshotRetention()).isEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void theDefaultRetentionCanBeSetByASystemProperty() {
        String property = MonitorOptions.SNAPSHOT_RETENTION_PROPERTY;
        try {
            System.setProperty(property, "PT2M");
            assertThat(MonitorOptions.defaults().snapshotRetention()).isEqualTo(Duration.ofMinutes(2));
            for (String bad : List.of("2 minutes", "PT0S", "-PT1M")) {
                System.setProperty(property, bad);
                assertThatThrownBy(MonitorOptions::defaults).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(property).hasMessageContaining(bad);
            }
        } finally {
            System.clearProperty(property);
        }
        assertThat(MonitorOptions.defaults().snapshotRetention()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void leaksAreReportedAsEventsWhenTheCoreCloses() throws InterruptedException {
        AllocatorCore core = core(manualSampling());
        TestSubscriber<MemoryEvent> events = core.monitor().events().test();
        BufferAllocation leaked = core.allocator("Leaky").allocateBuffer(BufferRequest.of(512, USAGE, MemoryUsage.GPU_ONLY)
                .named("forgotten"));
        core.close();
        events.await(1, TimeUnit.MINUTES);
        events.assertComplete();
        assertThat(events.values().stream().filter(LeakReported.class::isInstance).map(e -> ((LeakReported) e).leak()))
                .singleElement().satisfies(leak -> {
                    assertThat(leak.id()).isEqualTo(leaked.getId());
                    assertThat(leak.name()).isEqualTo("forgotten");
                    assertThat(leak.tag()).isEqualTo("Leaky");
                });
    }

    @Test
    void withAllocationEventsOffOnlySamplesFlow() throws InterruptedException {
        AllocatorCore core = core(MonitorOptions.disabled().withSampleInterval(Duration.ZERO));
        TestSubscriber<MemoryEvent> events = core.monitor().events().test();
        core.allocator("Quiet").allocateBuffer(1024, USAGE, MemoryUsage.GPU_ONLY).close();
        core.monitor().sampleNow();
        core.close();
        events.await(1, TimeUnit.MINUTES);
        assertThat(events.values()).noneMatch(AllocationEvent.class::isInstance)
                .anyMatch(StatsSampled.class::isInstance).anyMatch(BudgetSampled.class::isInstance);
    }

    @Test
    void thePeriodicSamplerPublishesWhileSomeoneListens() throws InterruptedException {
        try (AllocatorCore core = core(MonitorOptions.defaults().withSampleInterval(Duration.ofMillis(5)))) {
            TestSubscriber<StatsSampled> stats = core.monitor().stats().test();
            stats.awaitCount(3);
            assertThat(stats.values()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(stats.values().get(2).sequence()).isGreaterThan(stats.values().get(0).sequence());
        }
    }
}
