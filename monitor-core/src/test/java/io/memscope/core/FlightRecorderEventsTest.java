package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allocation, free and budget events reach JDK Flight Recorder, category "memscope", when a recording enables them
 * (through the monitor's JFR bridge, see {@link JfrBridgeTest} for every event type).
 */
class FlightRecorderEventsTest {

    @Test
    void allocationFreeAndBudgetAreRecordedAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("memscope.jfr");
        long id;
        long size = 12_345;
        try (Recording recording = new Recording()) {
            AllocatorCore core = AllocatorCore.create(TestDevice.context(),
                    AllocatorOptions.defaults().withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)));
            recording.enable("memscope.Allocation");
            recording.enable("memscope.Free");
            recording.enable("memscope.Budget");
            recording.start();
            JfrBridgeTest.await(() -> core.engine().monitor().jfrBridge().isActive(), "the JFR bridge to subscribe");
            BufferAllocation buffer = core.allocator("Recorded").allocateBuffer(
                    BufferRequest.of(size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).named("jfr"));
            id = buffer.getId();
            core.monitor().sampleNow();
            buffer.close();
            core.close(); // the bridge commits on its subscriber thread: everything is committed once it completes
            JfrBridgeTest.await(() -> !core.engine().monitor().jfrBridge().isActive(), "the JFR bridge to complete");
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent allocation = only(events, "memscope.Allocation");
        assertThat(allocation.getLong("id")).isEqualTo(id);
        assertThat(allocation.getString("tag")).isEqualTo("Recorded");
        assertThat(allocation.getString("allocationName")).isEqualTo("jfr");
        assertThat(allocation.getLong("size")).isEqualTo(size);
        assertThat(allocation.getEventType().getCategoryNames()).containsExactly("memscope");
        // committed on a subscriber thread; the thread that allocated is a field
        assertThat(allocation.getString("threadName")).isEqualTo(Thread.currentThread().getName());
        RecordedEvent free = only(events, "memscope.Free");
        assertThat(free.getLong("id")).isEqualTo(id);
        assertThat(free.getLong("lifetime")).isNotNegative();
        assertThat(free.getLong("sequence")).isGreaterThan(allocation.getLong("sequence"));
        RecordedEvent budget = only(events, "memscope.Budget"); // one per sample, every heap encoded in it
        assertThat(budget.getLong("budget")).isPositive();
        assertThat(io.memscope.core.management.JfrEventDecoder.decode(budget))
                .isInstanceOfSatisfying(io.memscope.core.event.BudgetSampled.class, b -> assertThat(b.budget().heaps())
                        .hasSize(TestDevice.context().getMemoryLayout().heaps().size()));
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void nothingIsRecordedWhenTheEventsAreNotEnabled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (AllocatorCore core = TestDevice.newCore(); Recording recording = new Recording()) {
            recording.enable("jdk.ThreadStart"); // a recording is running, but not with memscope's events
            recording.start();
            core.allocator("Quiet").allocateBuffer(1024, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).close();
            recording.stop();
            recording.dump(file);
        }
        assertThat(RecordingFile.readAllEvents(file)).noneMatch(e -> e.getEventType().getName().startsWith("memscope."));
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> matching = events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
        assertThat(matching).as(name).hasSize(1);
        return matching.get(0);
    }
}
