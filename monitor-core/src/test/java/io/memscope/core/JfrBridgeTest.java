package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.DefragmentationProgress;
import io.memscope.core.event.DefragmentationStarted;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.internal.jfr.JfrBridge;
import io.memscope.core.management.JfrEventDecoder;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR bridge: every {@link MemoryEvent} type becomes a memscope JFR event that {@link JfrEventDecoder} turns back
 * into the same record, numbered as the hub numbered it; the bridge subscribes only while a recording enables one of
 * memscope's event types.
 */
class JfrBridgeTest {
    private static final int USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT
            | VK_BUFFER_USAGE_TRANSFER_SRC_BIT;

    private static Recording recordingOfAllMemscopeEvents() {
        Recording recording = new Recording();
        for (String name : JfrEventDecoder.eventNames()) {
            recording.enable(name);
        }
        return recording;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughFlightRecorderWithItsSequence(@TempDir Path dir) throws Exception {
        roundTripAllowingOneJdkStringLoss(dir, JfrBridgeTest::recordingOfAllMemscopeEvents, false);
    }

    @Test
    void aCaptureBatchesAllocationsAsRecordsThatDecodeToTheSameEvents(@TempDir Path dir) throws Exception {
        roundTripAllowingOneJdkStringLoss(dir, () -> new Recording(JfrEventDecoder.captureSettings()), true);
    }

    /**
     * {@link #roundTrip}, once more with a fresh recording if Flight Recorder lost a pooled string's constant (seen
     * once in CI on JDK 17: a threshold's scope read null; the decoder refuses such an event, and the loss is the
     * JDK's, not the bridge's). A second loss in a row fails the test.
     */
    private static void roundTripAllowingOneJdkStringLoss(Path dir, java.util.function.Supplier<Recording> recording,
                                                          boolean batched) throws Exception {
        try {
            roundTrip(dir.resolve("first.jfr"), recording.get(), batched);
        } catch (IllegalArgumentException e) {
            if (!String.valueOf(e.getMessage()).contains(JfrEventDecoder.MISSING_CONSTANT)) {
                throw e;
            }
            System.out.println("JfrBridgeTest: " + e.getMessage() + "; once more");
            roundTrip(dir.resolve("second.jfr"), recording.get(), batched);
        }
    }

    /** Records a workload of every event type into {@code file} and checks each decodes to what the hub published. */
    private static void roundTrip(Path file, Recording recordingToUse, boolean batched) throws Exception {
        List<MemoryEvent> published;
        int coreId;
        try (Recording recording = recordingToUse) {
            recording.start();
            AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                    .withPreferredLargeHeapBlockSize(1 << 20)
                    .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)
                            .withOverflowPolicy(OverflowPolicy.LOSSLESS)));
            coreId = core.engine().coreId();
            InProcessMonitor monitor = core.engine().monitor();
            await(() -> monitor.jfrBridge().isActive(), "the bridge to subscribe"); // at creation: a recording runs
            TestSubscriber<MemoryEvent> lossless = core.monitor().events().test();

            MemoryAllocator allocator = core.allocator("Bridged");
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                buffers.add(allocator.allocateBuffer(BufferRequest.of(64 * 1024, USAGE, MemoryUsage.GPU_ONLY)
                        .named(i % 2 == 0 ? "even;1:" + i : null)));
            }
            for (int i = 0; i < buffers.size(); i += 2) {
                buffers.get(i).close();
            }
            core.monitor().setThresholds(new MonitorThresholds(0.0001, 0.0002, 0.0001, 1.0, 0.0));
            core.monitor().sampleNow(); // stats, budget, threshold crossings
            core.monitor().takeSnapshot("before \"defrag\"; 1:2");
            core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
            core.close(); // leaks the odd buffers
            lossless.awaitDone(10, TimeUnit.SECONDS).assertComplete();
            await(() -> !monitor.jfrBridge().isActive(), "the bridge to commit everything and complete");
            published = lossless.values();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(file);
        List<MemoryEvent> decoded = new ArrayList<>();
        for (RecordedEvent e : recorded) {
            if (JfrEventDecoder.isAllocationRecords(e) && JfrEventDecoder.coreOf(e) == coreId) {
                decoded.addAll(JfrEventDecoder.decodeRecords(e));
            } else if (JfrEventDecoder.isMemscopeEvent(e) && JfrEventDecoder.coreOf(e) == coreId) {
                decoded.add(JfrEventDecoder.decode(e));
            }
        }
        decoded.sort(java.util.Comparator.comparingLong(MemoryEvent::sequence));
        assertThat(recorded).as(batched ? "allocations only as records" : "no records without a capture")
                .filteredOn(e -> e.getEventType().getName().equals(batched ? "memscope.Allocation"
                        : JfrEventDecoder.ALLOCATION_RECORDS)).isEmpty();
        assertThat(recorded.stream().anyMatch(JfrEventDecoder::isAllocationRecords)).isEqualTo(batched);

        Set<Class<?>> types = published.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(types).contains(AllocationCreated.class, AllocationFreed.class, AllocationMoved.class,
                StatsSampled.class, BudgetSampled.class, ThresholdCrossed.class, DefragmentationStarted.class,
                DefragmentationProgress.class, DefragmentationFinished.class, SnapshotTaken.class, LeakReported.class);
        assertThat(decoded).hasSameSizeAs(published);
        for (int i = 0; i < published.size(); i++) {
            assertThat(decoded.get(i)).as("event %d", i).isEqualTo(published.get(i));
            assertThat(decoded.get(i).sequence()).isEqualTo(i + 1L);
        }
    }

    /**
     * A capture stopped at any moment holds a gap-free prefix of the hub's numbering: an event committed on its own
     * (a sample) never overtakes the allocation records batched before it. The recording here stops right after the
     * bridge committed a sample, with no sampler tick and no {@code awaitCommitted} to flush the batch first.
     */
    @Test
    void aSampleNeverOvertakesTheAllocationRecordsBatchedBeforeIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cut.jfr");
        int coreId;
        long sampled;
        try (Recording recording = new Recording(JfrEventDecoder.captureSettings());
             AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                     .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)
                             .withOverflowPolicy(OverflowPolicy.LOSSLESS)))) {
            coreId = core.engine().coreId();
            JfrBridge bridge = core.engine().monitor().jfrBridge();
            recording.start();
            await(bridge::isActive, "the bridge to subscribe");
            TestSubscriber<MemoryEvent> seen = core.monitor().events().test();
            MemoryAllocator allocator = core.allocator("Cut");
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 10; i++) { // far fewer than a batch holds: the records wait in the batch
                buffers.add(allocator.allocateBuffer(4096, USAGE, MemoryUsage.GPU_ONLY));
            }
            core.monitor().sampleNow();
            await(() -> seen.values().stream().anyMatch(StatsSampled.class::isInstance), "the sample");
            sampled = seen.values().stream().filter(StatsSampled.class::isInstance).findFirst().orElseThrow()
                    .sequence();
            await(() -> bridge.handledSequence() >= sampled, "the bridge to commit the sample");
            recording.stop(); // the cut: whatever the bridge committed so far
            recording.dump(file);
            buffers.forEach(BufferAllocation::close);
        }
        List<Long> sequences = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (JfrEventDecoder.isAllocationRecords(e) && JfrEventDecoder.coreOf(e) == coreId) {
                JfrEventDecoder.decodeRecords(e).forEach(m -> sequences.add(m.sequence()));
            } else if (JfrEventDecoder.isMemscopeEvent(e) && JfrEventDecoder.coreOf(e) == coreId) {
                sequences.add(JfrEventDecoder.decode(e).sequence());
            }
        }
        sequences.sort(null);
        assertThat(sequences).as("every event up to the sample, none missing").contains(sampled)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, sequences.get(sequences.size() - 1)).boxed()
                        .toList());
    }

    @Test
    void dropsReachFlightRecorderAsEventsDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("drops.jfr");
        int coreId;
        try (Recording recording = recordingOfAllMemscopeEvents()) {
            recording.start();
            try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                    .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO).withBufferCapacity(16)
                            .withOverflowPolicy(OverflowPolicy.DROP_OLDEST)))) {
                coreId = core.engine().coreId();
                await(() -> core.engine().monitor().jfrBridge().isActive(), "the bridge to subscribe");
                MemoryAllocator allocator = core.allocator("Flood");
                for (int round = 0; round < 50 && core.engine().monitor().droppedEventCount() == 0; round++) {
                    List<BufferAllocation> burst = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        burst.add(allocator.allocateBuffer(256, USAGE, MemoryUsage.GPU_ONLY));
                    }
                    burst.forEach(BufferAllocation::close);
                }
                assertThat(core.engine().monitor().droppedEventCount()).as("the flood lost events").isPositive();
            }
            recording.stop();
            recording.dump(file);
        }
        List<MemoryEvent> decoded = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (JfrEventDecoder.isMemscopeEvent(e) && JfrEventDecoder.coreOf(e) == coreId) {
                decoded.add(JfrEventDecoder.decode(e));
            }
        }
        assertThat(decoded).filteredOn(e -> e instanceof EventsDropped).isNotEmpty()
                .allSatisfy(e -> assertThat(((EventsDropped) e).count()).isPositive());
    }

    @Test
    void theBridgeSubscribesOnlyWhileARecordingEnablesAMemscopeEvent() throws Exception {
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ofMillis(20))))) {
            InProcessMonitor monitor = core.engine().monitor();
            assertThat(monitor.hub().hasSubscribers()).isFalse();
            try (Recording other = new Recording()) {
                other.enable("jdk.ThreadStart");
                other.start();
                Thread.sleep(100); // several sampler ticks
                assertThat(monitor.hub().hasSubscribers()).as("a recording without memscope's events").isFalse();
            }
            try (Recording recording = new Recording()) {
                recording.enable("memscope.Allocation");
                recording.start();
                await(() -> monitor.hub().hasAllocationSubscribers(), "the bridge to subscribe");
                assertThat(monitor.jfrBridge().isActive()).isTrue();
                recording.stop();
                await(() -> !monitor.hub().hasSubscribers(), "the bridge to unsubscribe");
                assertThat(monitor.jfrBridge().isActive()).isFalse();
            }
        }
    }

    @Test
    void memscopeEventTypesAreRegisteredBeforeTheirFirstUse() {
        TestDevice.newCore().close();
        List<String> registered = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .map(EventType::getName).toList();
        assertThat(registered).containsAll(JfrEventDecoder.eventNames());
        assertThat(JfrEventDecoder.eventNames()).contains("memscope.Allocation", "memscope.Free", "memscope.Move",
                "memscope.Budget", "memscope.Stats", "memscope.EventsDropped").hasSize(12);
    }
}
