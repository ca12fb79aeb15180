package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.management.MemoryMonitorClient;
import io.memscope.core.management.MemoryMonitorMXBean;
import io.memscope.core.management.MemoryMonitorClient.SequencedState;
import io.memscope.core.stats.DefragmentationResult;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each core's {@code MemoryMonitorMXBean}, reached through a real JMX connection (an RMI connector server on the
 * platform MBean server, loopback only): registration, commands, and the live state with its sequence number.
 */
class MemoryMonitorMXBeanTest {
    private static final int USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT
            | VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
    private static JMXConnectorServer server;
    private static JMXConnector connector;
    private static MBeanServerConnection connection;

    @BeforeAll
    static void connect() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("service:jmx:rmi://127.0.0.1"),
                null, platform);
        server.start();
        connector = JMXConnectorFactory.connect(server.getAddress());
        connection = connector.getMBeanServerConnection();
    }

    @AfterAll
    static void disconnect() throws Exception {
        connector.close();
        server.stop();
    }

    private static AllocatorCore core(OverflowPolicy policy) {
        return AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withPreferredLargeHeapBlockSize(1 << 20)
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO).withOverflowPolicy(policy)));
    }

    private static MemoryMonitorClient client(AllocatorCore core) {
        return MemoryMonitorClient.of(connection,
                MemoryMonitorClient.objectName(core.getContext().getDeviceName(), core.engine().coreId()));
    }

    @Test
    void theBeanIsRegisteredWithItsCoreAndUnregisteredWhenItCloses() throws Exception {
        AllocatorCore core = TestDevice.newCore();
        ObjectName name = MemoryMonitorClient.objectName(core.getContext().getDeviceName(), core.engine().coreId());
        assertThat(name.getDomain()).isEqualTo("io.memscope");
        assertThat(name.getKeyProperty("type")).isEqualTo("MemoryMonitor");
        assertThat(connection.isRegistered(name)).isTrue();
        assertThat(MemoryMonitorClient.find(connection)).contains(name);
        MemoryMonitorClient client = MemoryMonitorClient.of(connection, name);
        assertThat(client.bean().getCoreId()).isEqualTo(core.engine().coreId());
        assertThat(client.bean().getDeviceName()).isEqualTo(core.getContext().getDeviceName());
        assertThat(connection.getAttribute(name, "LiveAllocationCount")).isEqualTo(0);
        try (BufferAllocation ignored = core.allocator("Jmx").allocateBuffer(4096, USAGE, MemoryUsage.GPU_ONLY)) {
            assertThat(client.bean().getLiveAllocationCount()).isEqualTo(1);
            io.memscope.core.stats.MemoryStats remote = client.getStats();
            io.memscope.core.stats.MemoryStats local = core.getStats();
            assertThat(remote.total()).isEqualTo(local.total());
            assertThat(remote.heaps()).isEqualTo(local.heaps());
            assertThat(remote.memoryTypes()).isEqualTo(local.memoryTypes());
            assertThat(remote.tags()).isEqualTo(local.tags());
        }
        assertThat(client.getMemoryBudget().heaps()).hasSameSizeAs(core.getMemoryBudget().heaps());
        assertThat(client.getMemoryLayout()).isEqualTo(core.getMemoryLayout());
        assertThat(client.bean().getDetailedReport()).isEqualTo(core.getDetailedReport());
        assertThat(client.bean().getVmaStatsJson()).contains("\"Total\"");
        core.close();
        assertThat(connection.isRegistered(name)).isFalse();
    }

    @Test
    void snapshotsThresholdsAndDefragmentationActOnTheCore() throws Exception {
        try (AllocatorCore core = core(OverflowPolicy.LOSSLESS)) {
            MemoryMonitorClient client = client(core);
            TestSubscriber<MemoryEvent> events = core.monitor().events().test();
            MemoryAllocator allocator = core.allocator("Commands");
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                buffers.add(allocator.allocateBuffer(64 * 1024, USAGE, MemoryUsage.GPU_ONLY));
            }
            for (int i = 0; i < buffers.size(); i += 2) {
                buffers.get(i).close();
            }

            MonitorThresholds thresholds = MonitorThresholds.defaults().withUsageHigh(0.85).withHysteresis(0.05);
            client.setThresholds(thresholds);
            assertThat(core.monitor().getThresholds()).isEqualTo(thresholds);
            assertThat(client.getThresholds()).isEqualTo(thresholds);

            MemorySnapshot snapshot = client.takeSnapshot("over JMX");
            assertThat(core.monitor().getSnapshots()).containsExactly(snapshot);
            assertThat(snapshot.allocations()).hasSize(24);
            assertThat(client.getSnapshots()).containsExactly(snapshot);
            assertThat(client.bean().getSnapshotSummaries()).singleElement().asString().contains("over JMX");

            DefragmentationResult result = client.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
            assertThat(result.allocationsMoved()).isPositive();
            assertThat(result.complete()).isTrue();
            events.awaitCount(1); // the hub publishes asynchronously
            JfrBridgeTest.await(() -> events.values().stream().anyMatch(e -> e instanceof AllocationMoved),
                    "the moves to be published");
            assertThat(events.values()).anyMatch(e -> e instanceof SnapshotTaken s && s.snapshot().equals(snapshot));
        }
    }

    /** Hostile arguments over JMX: clear errors, the core unchanged and working, nothing a client cannot decode. */
    @Test
    void badArgumentsOverJmxAreClearErrorsAndLeaveTheCoreWorking() throws Exception {
        try (AllocatorCore core = core(OverflowPolicy.DROP_OLDEST)) {
            MemoryMonitorMXBean bean = client(core).bean();
            for (String description : new String[] {null, "two\nlines", "x".repeat(1001)}) {
                assertThatThrownBy(() -> bean.takeSnapshot(description)).as(String.valueOf(description))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line of at most 1000");
            }
            assertThat(core.monitor().getSnapshots()).isEmpty();
            for (String algorithm : new String[] {null, "TURBO", ""}) {
                assertThatThrownBy(() -> bean.defragment(algorithm, 0, 0, 0)).as(String.valueOf(algorithm))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("one of [FAST, BALANCED, FULL, EXTENSIVE]");
            }
            assertThat(bean.defragment("full", 0, 0, 0)).as("any case").isNotBlank();
            long id = bean.takeSnapshot("ünïcode ✓ \u202e");
            assertThat(client(core).getSnapshot(id).description()).isEqualTo("ünïcode ✓ \u202e");
        }
    }

    @Test
    void stateOfOneHundredThousandAllocationsTravelsCompactly() throws Exception {
        try (AllocatorCore core = core(OverflowPolicy.DROP_OLDEST)) {
            MemoryMonitorClient client = client(core);
            MemoryAllocator allocator = core.allocator("Many");
            List<BufferAllocation> buffers = new ArrayList<>(100_000);
            for (int i = 0; i < 100_000; i++) {
                buffers.add(allocator.allocateBuffer(BufferRequest.of(64, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                        MemoryUsage.GPU_ONLY).named(i % 10 == 0 ? "n" + i : null)));
            }
            client.captureState(); // warm-up: class loading, RMI connection
            long start = System.nanoTime();
            SequencedState state = client.captureState();
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            // logged, not asserted (the build's log level is WARN, so on standard out)
            System.out.printf("memscope: state of %d live allocations fetched over JMX (RMI, loopback) in %.1f ms%n",
                    state.allocations().size(), micros / 1000.0);
            assertThat(state.allocations()).isEqualTo(core.monitor().getLiveAllocations());
            buffers.forEach(BufferAllocation::close);
        }
    }

    @Test
    void stateAndSequenceAgreeWithTheLosslessStreamWhileAnotherThreadAllocates() throws Exception {
        try (AllocatorCore core = core(OverflowPolicy.LOSSLESS)) {
            MemoryMonitorClient client = client(core);
            TestSubscriber<AllocationEvent> stream = core.monitor().allocations().test();
            MemoryAllocator allocator = core.allocator("Churn");
            AtomicBoolean stop = new AtomicBoolean();
            Thread churn = new Thread(() -> {
                Random random = new Random(14);
                List<BufferAllocation> live = new ArrayList<>();
                while (!stop.get()) {
                    if (live.isEmpty() || random.nextInt(3) > 0) {
                        live.add(allocator.allocateBuffer(256 + random.nextInt(4096), USAGE, MemoryUsage.GPU_ONLY));
                    } else {
                        live.remove(random.nextInt(live.size())).close();
                    }
                }
            }, "churn");
            churn.start();
            List<SequencedState> states = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Thread.sleep(20);
                states.add(client.captureState());
            }
            stop.set(true);
            churn.join();
            List<AllocationInfo> finalLedger = core.monitor().getLiveAllocations();
            long last = client.captureState().sequence();
            JfrBridgeTest.await(() -> !stream.values().isEmpty()
                    && stream.values().get(stream.values().size() - 1).sequence() >= last, "the stream to catch up");
            List<AllocationEvent> events = stream.values();
            assertThat(states.get(states.size() - 1).sequence()).isGreaterThan(states.get(0).sequence());
            for (SequencedState state : states) {
                // from nothing, the events <= S give the state; the state and the events > S give the final ledger
                assertThat(apply(new LinkedHashMap<>(), events, 0, state.sequence()).values())
                        .containsExactlyInAnyOrderElementsOf(state.allocations());
                Map<Long, AllocationInfo> replayed = new LinkedHashMap<>();
                state.allocations().forEach(a -> replayed.put(a.id(), a));
                assertThat(apply(replayed, events, state.sequence(), Long.MAX_VALUE).values())
                        .containsExactlyInAnyOrderElementsOf(finalLedger);
            }
        }
    }

    private static Map<Long, AllocationInfo> apply(Map<Long, AllocationInfo> state, List<AllocationEvent> events,
                                                   long after, long upTo) {
        for (AllocationEvent e : events) {
            if (e.sequence() <= after || e.sequence() > upTo) {
                continue;
            }
            if (e instanceof AllocationCreated created) {
                state.put(created.allocation().id(), created.allocation());
            } else if (e instanceof AllocationFreed freed) {
                state.remove(freed.allocation().id());
            } else if (e instanceof AllocationMoved moved) {
                state.put(moved.allocation().id(), moved.allocation());
            }
        }
        return state;
    }
}
