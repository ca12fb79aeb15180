package io.memscope.remote;

import static io.memscope.remote.Target.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryMap;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@link RemoteMemoryMonitor} attached to a real child JVM ({@link RemoteTarget}: a memscope core on lavapipe),
 * compared with the child's own ledger ({@link LedgerSummary}: ids, tags, sizes, memory types, blocks, offsets).
 */
class RemoteMemoryMonitorTest {
    private static final Duration FOLLOW = Duration.ofSeconds(60);

    private static String remoteSummary(RemoteMemoryMonitor remote) {
        return LedgerSummary.of(remote.getLiveAllocations());
    }

    @Test
    void initialStateEqualsTheChildsLedgerAndEventsKeepItEqual() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("alloc 300 4096 Terrain");
            child.send("alloc 120 65536 Textures");
            child.send("free 50");
            String atAttach = child.ledger();
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults())) {
                assertThat(remote.connectionState().status()).isEqualTo(ConnectionStatus.LIVE);
                assertThat(remote.connectionState().pid()).isEqualTo(child.pid());
                assertThat(remote.getName()).startsWith("pid " + child.pid() + ": ");
                assertThat(remoteSummary(remote)).isEqualTo(atAttach);
                assertThat(remote.getLiveAllocations()).hasSize(370);

                TestSubscriber<AllocationEvent> allocations = remote.allocations().test();
                TestSubscriber<StatsSampled> stats = remote.stats().test();
                child.send("alloc 200 1024 Terrain");
                child.send("free 100");
                child.send("churn 300");
                String expected = child.ledger();

                await(() -> remoteSummary(remote).equals(expected), FOLLOW, "the remote ledger to follow the child");
                await(() -> allocations.values().size() >= 900, FOLLOW, "900 allocation events");
                assertThat(allocations.values()).hasSize(900);
                assertThat(allocations.values().stream().filter(AllocationCreated.class::isInstance)).hasSize(500);
                assertThat(allocations.values().stream().filter(AllocationFreed.class::isInstance)).hasSize(400);
                List<Long> sequences = allocations.values().stream().map(MemoryEvent::sequence).toList();
                assertThat(sequences).isSorted().doesNotHaveDuplicates();
                assertThat(remote.resyncCount()).as("followed event by event, not by re-reading the state").isZero();
                allocations.assertNoErrors();

                await(() -> !stats.values().isEmpty(), FOLLOW, "a stats sample");
                // a second subscriber gets the latest sample at once (state stream)
                TestSubscriber<StatsSampled> late = remote.stats().test();
                await(() -> !late.values().isEmpty(), Duration.ofSeconds(10), "the replayed sample");
                assertThat(remote.getStats().allocationCount()).isEqualTo(remote.getLiveAllocations().size());
                assertThat(remote.getMemoryBudget().heaps()).isNotEmpty();

                MemoryMap map = remote.getMemoryMap();
                MemoryStats now = remote.getStats();
                assertThat(map.allocationCount()).isEqualTo(remote.getLiveAllocations().size());
                assertThat(map.blocks()).as("the target's blocks, real sizes").hasSize((int) now.blockCount())
                        .allMatch(b -> b.block().sizeKnown());
                assertThat(map.blocks().stream().mapToLong(b -> b.block().sizeBytes()).sum())
                        .isEqualTo(now.totalBytes());
                assertThat(map.blocks()).allSatisfy(b -> assertThat(b.allocations()).allMatch(
                        a -> a.offset() + a.allocatedBytes() <= b.block().sizeBytes()));
            }
        }
    }

    @Test
    void snapshotThresholdsAndDefragmentationActInTheChild() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("data 48 65536 Data");
            child.send("freeodd");
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults())) {
                MonitorThresholds thresholds = MonitorThresholds.defaults().withUsageHigh(0.85).withHysteresis(0.05);
                remote.setThresholds(thresholds);
                assertThat(remote.getThresholds()).isEqualTo(thresholds);

                // sampleNow samples in the child: its sample arrives on the stream like the sampler's
                TestSubscriber<StatsSampled> samples = remote.stats().test();
                MemoryStats sampled = remote.sampleNow();
                assertThat(sampled.allocationCount()).isEqualTo(24);
                await(() -> samples.values().stream().anyMatch(e -> e.stats().equals(sampled)), FOLLOW,
                        "the sample published in the child");
                assertThat(remote.getSnapshotRetention()).isEqualTo(Duration.ofMinutes(10));

                MemorySnapshot snapshot = remote.takeSnapshot("from another JVM");
                assertThat(snapshot.description()).isEqualTo("from another JVM");
                assertThat(LedgerSummary.of(snapshot.allocations())).isEqualTo(child.ledger());
                assertThat(remote.getSnapshots()).extracting(MemorySnapshot::id).contains(snapshot.id());

                TestSubscriber<AllocationEvent> allocations = remote.allocations().test();
                TestSubscriber<DefragmentationEvent> defragmentation = remote.defragmentation().test();
                DefragmentationResult result = remote.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
                assertThat(result.allocationsMoved()).isPositive();
                assertThat(result.complete()).isTrue();

                await(() -> allocations.values().stream().filter(AllocationMoved.class::isInstance).count()
                        == result.allocationsMoved(), FOLLOW, "every move to arrive");
                await(() -> defragmentation.values().stream().anyMatch(e ->
                        e instanceof DefragmentationFinished f && f.result().equals(result)), FOLLOW, "the finish");
                String expected = child.ledger();
                await(() -> remoteSummary(remote).equals(expected), FOLLOW, "the moved placements");
                assertThat(child.send("verify")).isEqualTo("verify ok 24");
                assertThat(remote.getDetailedReport()).isNotBlank();
                assertThat(remote.getVmaStatsJson()).contains("\"Total\"");
            }
        }
    }

    @Test
    void lossInTheTargetIsDetectedAndResynchronised() throws Exception {
        // a tiny buffer with DROP_OLDEST in the child: its JFR bridge (and intake) lose events in a burst
        try (Target child = Target.memscope("16", "DROP_OLDEST")) {
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults())) {
                TestSubscriber<ConnectionState> states = remote.connectionStates().test();
                child.send("batch 20000 256 Burst");
                child.send("free 10000");
                child.send("batch 20000 256 Burst");
                String expected = child.ledger();
                await(() -> remote.resyncCount() > 0 && remoteSummary(remote).equals(expected)
                        && remote.connectionState().status() == ConnectionStatus.LIVE, FOLLOW,
                        "a resync and the ledger equal to the child's; it is " + remote.connectionState());
                assertThat(states.values()).extracting(ConnectionState::status)
                        .contains(ConnectionStatus.RESYNCHRONISING);
                states.assertNoErrors();
                System.out.printf("memscope-remote: burst of 50000 events with a 16-event buffer: %d resyncs%n",
                        remote.resyncCount());
            }
        }
    }

    /** A core closed in a JVM that runs on: its last events (the frees before the close) still arrive. */
    @Test
    void aCoreClosedInARunningJvmEndsWithItsLastEvents() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("alloc 20 4096 Terrain");
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults())) {
                await(() -> remote.getLiveAllocations().size() == 20, FOLLOW, "the 20 allocations");
                assertThat(child.send("closecore")).isEqualTo("ok closecore");
                await(() -> remote.connectionState().status() == ConnectionStatus.DISCONNECTED, FOLLOW,
                        "DISCONNECTED");
                assertThat(remote.connectionState().detail()).contains("its core closed");
                assertThat(remote.getLiveAllocations()).as("the frees before the close arrived").isEmpty();
                assertThat(child.process.isAlive()).isTrue();
            }
        }
    }

    @Test
    void sigkillOfTheTargetDisconnectsQuietlyAndKeepsTheHistory() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("alloc 100 4096 Terrain");
            String summary = child.ledger();
            RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults());
            TestSubscriber<MemoryEvent> events = remote.events().test();
            TestSubscriber<ConnectionState> states = remote.connectionStates().test();
            MemoryStats stats = remote.getStats();
            MemoryMap map = remote.getMemoryMap();

            Instant killed = Instant.now();
            child.process.destroyForcibly();
            await(() -> remote.connectionState().status() == ConnectionStatus.DISCONNECTED, FOLLOW,
                    "DISCONNECTED");

            ConnectionState state = remote.connectionState();
            assertThat(state.since()).isAfterOrEqualTo(killed);
            assertThat(state.pid()).isEqualTo(child.pid());
            assertThat(remoteSummary(remote)).isEqualTo(summary);
            assertThat(remote.getStats().allocationCount()).isEqualTo(stats.allocationCount());
            assertThat(remote.getMemoryMap().blocks()).as("the last map known").isEqualTo(map.blocks());
            assertThat(remote.getThresholds()).isEqualTo(MonitorThresholds.defaults());
            assertThatThrownBy(() -> remote.takeSnapshot("too late"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pid " + child.pid())
                    .hasMessageContaining("disconnected at " + state.since());
            assertThatThrownBy(() -> remote.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FAST)))
                    .isInstanceOf(IllegalStateException.class);

            events.awaitDone(30, TimeUnit.SECONDS);
            events.assertNoErrors().assertComplete();
            remote.close();
            remote.close();
            states.awaitDone(30, TimeUnit.SECONDS);
            states.assertNoErrors().assertComplete();
            assertThat(states.values()).extracting(ConnectionState::status)
                    .containsSubsequence(ConnectionStatus.LIVE, ConnectionStatus.DISCONNECTED)
                    .containsOnlyOnce(ConnectionStatus.DISCONNECTED);
            assertThat(remoteSummary(remote)).isEqualTo(summary);
        }
    }

    @Test
    void waitForNextFollowsTheNextMemscopeJvmFromItsFullState() throws Exception {
        String token = "remote-test-" + UUID.randomUUID();
        RemoteOptions options = RemoteOptions.defaults().withWaitForNext(true)
                .withNextTarget(jvm -> jvm.displayName().contains(token));
        try (Target first = Target.memscope("65536", "DROP_OLDEST", token);
             RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(first.pid(), options)) {
            first.send("alloc 10 4096 First");
            TestSubscriber<AllocationEvent> allocations = remote.allocations().test();
            first.process.destroyForcibly();
            await(() -> remote.connectionState().status() == ConnectionStatus.DISCONNECTED, FOLLOW, "DISCONNECTED");
            try (Target second = Target.memscope("65536", "DROP_OLDEST", token)) {
                second.send("alloc 7 2048 Second");
                String atConnect = second.ledger();
                await(() -> remote.connectionState().status() == ConnectionStatus.LIVE
                        && remote.pid() == second.pid(), FOLLOW, "the second JVM; state " + remote.connectionState());
                await(() -> remoteSummary(remote).equals(atConnect), FOLLOW, "the second JVM's state");
                second.send("alloc 5 2048 Second");
                String expected = second.ledger();
                await(() -> remoteSummary(remote).equals(expected), FOLLOW, "the second JVM's events");
                assertThat(remote.getName()).startsWith("pid " + second.pid() + ": ");
                allocations.assertNoErrors().assertNotComplete();
            }
        }
    }

    @Test
    void attachTimeAndEventLatencyAreLogged() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("batch 100000 64 Many");
            long start = System.nanoTime();
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults())) {
                double attachMs = (System.nanoTime() - start) / 1e6;
                assertThat(remote.getLiveAllocations()).hasSize(100_000);
                List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
                remote.allocations().subscribe(e -> {
                    if (e instanceof AllocationCreated c && c.tag().equals("Paced")) {
                        latencies.add(System.currentTimeMillis() - c.header().epochMillis());
                    }
                });
                child.send("paced 300 5");
                await(() -> latencies.size() == 300, FOLLOW, "300 paced allocations");
                List<Long> sorted = new ArrayList<>(latencies);
                Collections.sort(sorted);
                System.out.printf("memscope-remote: attach to a child with 100000 live allocations: %.0f ms;"
                                + " event->remote latency over 300 allocations: p50 %d ms, p95 %d ms, max %d ms%n",
                        attachMs, sorted.get(149), sorted.get(284), sorted.get(299));
            }
        }
    }
}
