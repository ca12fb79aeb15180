package io.memscope.export.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.management.JfrEventDecoder;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures recorded in process on the real device and read back with {@link CaptureReader}: every memory event in
 * order and gap-free, the ledger at every snapshot equal to the snapshot's allocations, and a capture cut to its last
 * chunk still rebuilding the ledger from that chunk's state.
 */
class CaptureReaderTest {

    static BufferAllocation buffer(MemoryAllocator allocator, long size, String name) {
        return allocator.allocateBuffer(BufferRequest.of(size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)
                .named(name));
    }

    /** Lets the clocks move on by 5 ms, so that time-based lookups around a snapshot are unambiguous (no sync). */
    /**
     * Lets at least 5 ms pass with this thread parked, so events on either side get distinct times: memory events are
     * stamped with memscope's coarse clock, which a daemon thread advances about every millisecond — a spinning test
     * thread on a loaded 2-core machine starved it, and events 5 ms apart shared one stamp.
     */
    static void distinctTimestamps() {
        long until = System.nanoTime() + 5_000_000L;
        while (System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    static int coreWithTag(CaptureReader reader, String tag) {
        return reader.cores().stream().map(CoreInfo::coreId)
                .filter(id -> reader.events(id).stream().anyMatch(e -> e.tag().equals(tag))).findFirst()
                .orElseThrow(() -> new AssertionError("no core with tag " + tag + " in " + reader.cores()));
    }

    static void assertGapFree(List<MemoryEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).as("event after %s", events.get(i - 1))
                    .isEqualTo(events.get(i - 1).sequence() + 1);
        }
    }

    @Test
    void aWorkloadReadsBackInOrderGapFreeAndEveryStateEqualsItsSnapshot(@TempDir Path dir) {
        String tag = "Terrain-" + System.nanoTime();
        Path file = dir.resolve("workload.jfr");
        List<MemorySnapshot> taken = new ArrayList<>();
        List<AllocationInfo> liveAtStop;
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator(tag);
            MemoryAllocator staging = core.allocator("Staging");
            BufferAllocation before = buffer(terrain, 4096, "before the capture");
            core.monitor().startCapture(file, CaptureOptions.defaults());
            assertThatThrownBy(() -> core.monitor().startCapture(dir.resolve("second.jfr"), CaptureOptions.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
            List<BufferAllocation> live = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 50; i++) {
                    live.add(buffer(i % 3 == 0 ? staging : terrain, 1024L * (i + 1), "r" + round + "-" + i));
                }
                for (int i = 0; i < 20; i++) {
                    live.remove(round * 7 % live.size()).close();
                }
                distinctTimestamps();
                taken.add(core.monitor().takeSnapshot("round " + round));
                distinctTimestamps();
            }
            liveAtStop = core.monitor().getLiveAllocations();
            assertThat(core.monitor().stopCapture()).isEqualTo(file.toAbsolutePath());
            assertThatThrownBy(() -> core.monitor().stopCapture()).isInstanceOf(IllegalStateException.class);
            live.forEach(BufferAllocation::close);
            before.close();
        }

        CaptureReader reader = CaptureReader.open(file);
        int core = coreWithTag(reader, tag);
        CoreInfo info = reader.cores().stream().filter(c -> c.coreId() == core).findFirst().orElseThrow();
        assertThat(info.layout()).as("device layout").isNotNull();
        assertThat(info.layout().layout().heaps()).isNotEmpty();
        assertThat(info.stateCount()).as("the state at the capture's start").isGreaterThanOrEqualTo(1);
        List<MemoryEvent> events = reader.events(core);
        assertThat(events).hasSizeGreaterThan(4 * 70);
        assertGapFree(events);
        assertThat(reader.losses().isEmpty()).as("losses: %s", reader.losses()).isTrue();
        assertThat(reader.start()).isBefore(reader.end());

        List<SnapshotTaken> snapshotEvents = events.stream().filter(SnapshotTaken.class::isInstance)
                .map(SnapshotTaken.class::cast).toList();
        assertThat(snapshotEvents).extracting(s -> s.snapshot().description())
                .containsExactly("round 0", "round 1", "round 2", "round 3");
        for (int i = 0; i < taken.size(); i++) {
            MemorySnapshot snapshot = taken.get(i);
            long sequence = snapshotEvents.get(i).sequence();
            assertThat(reader.stateAtSequence(core, sequence).allocations()).as("state at %s", snapshot.description())
                    .isEqualTo(snapshot.allocations());
            CaptureState byTime = reader.stateAt(core, reader.timeOf(core, snapshotEvents.get(i)));
            assertThat(byTime.allocations()).as("state at the time of %s", snapshot.description())
                    .isEqualTo(snapshot.allocations());
            assertThat(byTime.allocatedBytesByTag().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(snapshot.allocations().stream().mapToLong(AllocationInfo::allocatedBytes).sum());
        }
        assertThat(reader.snapshots()).extracting(MemorySnapshot::description).contains("round 0", "round 3");
        assertThat(reader.stateAtSequence(core, Long.MAX_VALUE).allocations().stream()
                .filter(a -> a.tag().equals(tag) || a.tag().equals("Staging")).toList())
                .as("the ledger at the end").isEqualTo(liveAtStop);
    }

    @Test
    void aCaptureCutToItsLastChunkRebuildsTheLedgerFromThatChunksState(@TempDir Path dir) throws Exception {
        String tag = "Cut-" + System.nanoTime();
        Path file = dir.resolve("rotated.jfr");
        List<AllocationInfo> liveAtStop;
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator(tag);
            core.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> live = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                live.add(buffer(allocator, 256, "a rather long name so the state needs several parts " + i));
            }
            try (Recording rotate = new Recording()) {
                rotate.start(); // a second recording starts a new chunk: layout and state are written again
            }
            for (int i = 0; i < 300; i++) {
                live.remove(i).close();
                live.add(buffer(allocator, 512, "after the cut " + i));
            }
            liveAtStop = core.monitor().getLiveAllocations();
            core.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
        }
        List<Path> chunks = splitChunks(file, dir);
        assertThat(chunks).as("chunks in the capture").hasSizeGreaterThanOrEqualTo(2);
        Path lastChunk = chunks.get(chunks.size() - 1);
        assertThat(liveStateParts(lastChunk)).as("parts of the state of 1500 allocations").isGreaterThan(1);

        CaptureReader whole = CaptureReader.open(file);
        CaptureReader cut = CaptureReader.open(lastChunk);
        int core = coreWithTag(cut, tag);
        // the cut misses the first events (the JFR bridge may still commit some numbered before the rotation into the
        // new chunk, behind its state: the reader drops those)
        assertThat(cut.events(core).get(0).sequence()).as("the cut misses the first events").isGreaterThan(1);
        assertThat(cut.losses().gaps()).as("gaps the state does not cover").isEmpty();
        assertThat(cut.stateAtSequence(core, Long.MAX_VALUE).allocations()).isEqualTo(liveAtStop);
        assertThat(whole.stateAtSequence(coreWithTag(whole, tag), Long.MAX_VALUE).allocations()).isEqualTo(liveAtStop);
        assertGapFree(whole.events(coreWithTag(whole, tag)));
    }

    @Test
    void unwritablePathsAreRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "x");
        try (AllocatorCore core = TestDevice.newCore()) {
            assertThatThrownBy(() -> core.monitor().startCapture(notAFolder.resolve("c.jfr"), CaptureOptions.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> core.monitor().startCapture(dir, CaptureOptions.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a folder");
            core.monitor().startCapture(dir.resolve("ok.jfr"), CaptureOptions.defaults()); // nothing was left running
            core.monitor().stopCapture();
        }
        assertThatThrownBy(() -> CaptureReader.open(dir.resolve("missing.jfr")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file");
    }

    /** Splits a recording file into its chunk files (each starts with "FLR\0", its size a big-endian long at 8). */
    static List<Path> splitChunks(Path file, Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        List<Path> out = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            long size;
            try (InputStream in = new java.io.ByteArrayInputStream(bytes, offset + 8, 8)) {
                size = new DataInputStream(in).readLong();
            }
            assertThat(new String(bytes, offset, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("FLR");
            Path chunk = dir.resolve("chunk-" + out.size() + ".jfr");
            Files.write(chunk, java.util.Arrays.copyOfRange(bytes, offset, offset + (int) size));
            out.add(chunk);
            offset += (int) size;
        }
        return out;
    }

    static int liveStateParts(Path chunk) throws Exception {
        int parts = 0;
        try (RecordingFile recording = new RecordingFile(chunk)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (e.getEventType().getName().equals(JfrEventDecoder.LIVE_STATE) && e.getInt("allocationCount") >= 1500) {
                    parts = Math.max(parts, e.getInt("parts"));
                }
            }
        }
        return parts;
    }
}
