package io.memscope.export.capture;

import static io.memscope.export.capture.CaptureReaderTest.buffer;
import static io.memscope.export.capture.CaptureReaderTest.coreWithTag;
import static io.memscope.export.capture.CaptureReaderTest.distinctTimestamps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.CaptureOptions;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.TestDevice;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.stats.MemoryStats;
import io.memscope.export.SnapshotComparison;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture monitor over a capture recorded in process on the real device. */
class CaptureMonitorTest {
    @TempDir
    static Path dir;
    static Path file;
    static String tag;

    @BeforeAll
    static void record() {
        tag = "Open-" + System.nanoTime();
        file = dir.resolve("open.jfr");
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator(tag);
            core.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> live = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 30; i++) {
                    live.add(buffer(terrain, 1024L * (i + 1), "r" + round + "-" + i));
                }
                for (int i = 0; i < 10 + round; i++) {
                    live.remove((round * 5 + i) % live.size()).close();
                }
                core.monitor().sampleNow();
                distinctTimestamps();
                core.monitor().takeSnapshot("round " + round);
                distinctTimestamps();
            }
            core.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 10 s").isNegative();
            Thread.onSpinWait();
        }
    }

    static CaptureMonitor open() {
        CaptureReader reader = CaptureReader.open(file);
        return new CaptureMonitor(reader, coreWithTag(reader, tag), file);
    }

    @Test
    void atEachSnapshotsTimeItHasTheSnapshotsAllocationsAndBackAndForthEqualsAFreshOne() {
        try (CaptureMonitor monitor = open()) {
            assertThat(monitor.getName()).startsWith("capture open.jfr: core " + monitor.coreId() + ", ");
            assertThat(monitor.isReadOnly()).isTrue();
            List<CaptureMonitor.SnapshotMark> marks = monitor.snapshotMarks();
            assertThat(marks).extracting(m -> m.snapshot().description())
                    .containsExactly("round 0", "round 1", "round 2", "round 3");
            assertThat(monitor.getSnapshots()).hasSize(4);
            // forwards, then backwards, then forwards again
            List<Integer> order = List.of(0, 1, 2, 3, 2, 0, 3, 1);
            for (int i : order) {
                CaptureMonitor.SnapshotMark mark = marks.get(i);
                monitor.moveTo(mark.at());
                MemorySnapshot snapshot = mark.snapshot();
                assertThat(monitor.getLiveAllocations()).as("at %s", snapshot.description())
                        .isEqualTo(snapshot.allocations());
                MemoryStats stats = monitor.getStats();
                assertThat(stats.allocationCount()).isEqualTo(snapshot.stats().allocationCount());
                assertThat(stats.usedBytes()).isEqualTo(snapshot.stats().usedBytes());
                assertThat(stats.tag(tag)).isEqualTo(snapshot.stats().tag(tag));
                // block figures: the sample taken just before the snapshot, with the same allocations
                assertThat(stats.totalBytes()).isEqualTo(snapshot.stats().totalBytes());
                try (CaptureMonitor fresh = open()) {
                    fresh.moveTo(mark.at());
                    assertThat(monitor.getLiveAllocations()).isEqualTo(fresh.getLiveAllocations());
                    assertThat(monitor.getStats()).isEqualTo(fresh.getStats());
                    assertThat(monitor.getMemoryBudget()).isEqualTo(fresh.getMemoryBudget());
                }
            }
            monitor.moveTo(Instant.EPOCH);
            assertThat(monitor.moment()).isEqualTo(monitor.start());
            // the start's millisecond may already hold the first allocations (stateAt includes its whole millisecond)
            assertThat(monitor.getLiveAllocations())
                    .isEqualTo(monitor.reader().stateAt(monitor.coreId(), monitor.start()).allocations());
        }
    }

    @Test
    void theInitialBudgetIsTheLayoutsWithoutUsageWhateverTheMoment() {
        try (CaptureMonitor monitor = open()) {
            monitor.moveTo(monitor.end());
            assertThat(monitor.getMemoryBudget().usageBytes()).as("the budget at the end").isPositive();
            assertThat(monitor.initialBudget().heaps()).isNotEmpty()
                    .allSatisfy(h -> assertThat(h.usageBytes()).isZero());
        }
    }

    @Test
    void aSubscriberGetsTheEventsUpToTheMomentThenThoseBetweenMoments() {
        try (CaptureMonitor monitor = open()) {
            List<CaptureMonitor.SnapshotMark> marks = monitor.snapshotMarks();
            monitor.moveTo(marks.get(1).at());
            List<MemoryEvent> received = new CopyOnWriteArrayList<>();
            var subscription = monitor.events().subscribe(received::add);
            List<MemoryEvent> all = monitor.reader().events(monitor.coreId());
            long upTo = all.stream().filter(e -> !monitor.reader().timeOf(monitor.coreId(), e).isAfter(marks.get(1).at()))
                    .count();
            waitUntil(() -> received.size() >= upTo);
            assertThat(received).isEqualTo(all.subList(0, received.size()));
            assertThat(received.stream().filter(StatsSampled.class::isInstance))
                    .as("one per round up to the moment, plus any the sampler took").hasSizeGreaterThanOrEqualTo(2);
            monitor.moveTo(monitor.end());
            waitUntil(() -> received.size() == all.size());
            assertThat(received).isEqualTo(all);
            subscription.dispose();

            monitor.moveTo(marks.get(0).at()); // backwards: a new subscriber gets the events up to the earlier moment
            List<MemoryEvent> again = new CopyOnWriteArrayList<>();
            var second = monitor.events().subscribe(again::add);
            long upToFirst = all.stream()
                    .filter(e -> !monitor.reader().timeOf(monitor.coreId(), e).isAfter(marks.get(0).at())).count();
            waitUntil(() -> again.size() >= upToFirst);
            monitor.moveTo(marks.get(0).at()); // a no-op move: nothing new; the events above were all there was
            assertThat(again).isEqualTo(all.subList(0, (int) upToFirst));
            second.dispose();
        }
    }

    @Test
    void commandsThatNeedALiveEngineThrowAndTwoMomentsCompare() {
        try (CaptureMonitor monitor = open()) {
            assertThatThrownBy(() -> monitor.takeSnapshot("x")).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("a capture is read-only");
            assertThatThrownBy(() -> monitor.defragment(DefragmentationOptions.of(io.memscope.core.DefragmentationAlgorithm.FULL)))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> monitor.setThresholds(MonitorThresholds.defaults()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
            assertThatThrownBy(monitor::sampleNow).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("read-only");
            assertThat(monitor.getDetailedReport()).contains("live allocations");
            List<CaptureMonitor.SnapshotMark> marks = monitor.snapshotMarks();
            monitor.moveTo(marks.get(0).at());
            MemorySnapshot a = monitor.snapshotAtMoment(1, "A");
            monitor.moveTo(marks.get(1).at());
            MemorySnapshot b = monitor.snapshotAtMoment(2, "B");
            assertThat(b.allocations()).isEqualTo(marks.get(1).snapshot().allocations());
            String text = SnapshotComparison.of(a, b).describe();
            String recorded = SnapshotComparison.of(marks.get(0).snapshot(), marks.get(1).snapshot()).describe();
            String addedRemoved = recorded.lines().filter(l -> l.startsWith("allocations added")).findFirst().orElseThrow();
            assertThat(text).contains(addedRemoved).contains("Allocations                        20               39");
        }
    }
}
