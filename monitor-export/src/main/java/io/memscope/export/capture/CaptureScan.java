package io.memscope.export.capture;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.management.AllocationStacks;
import io.memscope.core.management.JfrEventDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reading a capture's files gathers for {@link CaptureReader#open}: per core its events and states, the
 * snapshots, the call stacks, the losses Flight Recorder and the recorded JVM reported, and the time span of the
 * files that hold memscope events. Read every file with {@link #read}, then {@link #finish}. One thread; used once.
 */
final class CaptureScan {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReader.class);

    final Map<Integer, CoreTimeline> cores = new TreeMap<>();
    final List<MemorySnapshot> snapshots = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();
    final AllocationStacks stacks = new AllocationStacks();
    /** The recorded JVM's own drop reports: events and reports. */
    long droppedEvents;
    int dropReports;
    /** Bytes Flight Recorder itself lost ({@code jdk.DataLoss}). */
    long dataLoss;
    /** Flight Recorder events read, of every type. */
    long count;
    /** Each pid of a {@code memscope.DeviceLayout} and the files it came from. */
    private final Map<Long, Set<String>> processes = new TreeMap<>();
    private long undecodable;
    private @Nullable String firstUndecodable;
    /** The span of the files with memscope events, and of every file (for a capture without any). */
    private @Nullable Instant first;
    private @Nullable Instant last;
    private @Nullable Instant anyFirst;
    private @Nullable Instant anyLast;

    /** Reads {@code file} to its end, or as far as it can be read (then it is listed in {@link #unreadable}). */
    void read(Path file) {
        Instant fileFirst = null;
        Instant fileLast = null;
        boolean memscope = false;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                count++;
                Instant s = event.getStartTime();
                Instant e = event.getEndTime();
                fileFirst = fileFirst == null || s.isBefore(fileFirst) ? s : fileFirst;
                fileLast = fileLast == null || e.isAfter(fileLast) ? e : fileLast;
                memscope |= event.getEventType().getName().startsWith("memscope.");
                try {
                    accept(event, file);
                } catch (RuntimeException failure) { // one event the JDK could not resolve: the rest counts
                    if (undecodable++ == 0) {
                        firstUndecodable = file + ": " + event.getEventType().getName() + ": " + failure;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            unreadable.add(file + ": " + e);
            LOG.warn("memscope capture: {} could not be read to its end: {}", file, e.toString());
        }
        if (fileFirst != null && fileLast != null) {
            anyFirst = anyFirst == null || fileFirst.isBefore(anyFirst) ? fileFirst : anyFirst;
            anyLast = anyLast == null || fileLast.isAfter(anyLast) ? fileLast : anyLast;
            if (memscope) { // a file of another recording in the folder does not stretch the capture's span
                first = first == null || fileFirst.isBefore(first) ? fileFirst : first;
                last = last == null || fileLast.isAfter(last) ? fileLast : last;
            }
        }
    }

    private void accept(RecordedEvent event, Path file) {
        String name = event.getEventType().getName();
        if (name.equals("jdk.DataLoss")) {
            dataLoss += event.getLong("amount");
        } else if (name.equals(JfrEventDecoder.DEVICE_LAYOUT)) {
            JfrEventDecoder.CoreLayout layout = JfrEventDecoder.decodeLayout(event);
            core(layout.coreId()).layout = layout;
            processes.computeIfAbsent(layout.pid(), p -> new TreeSet<>()).add(file.getFileName().toString());
        } else if (name.equals(JfrEventDecoder.LIVE_STATE)) {
            JfrEventDecoder.LiveStatePart part = JfrEventDecoder.decodeStatePart(event);
            core(part.coreId()).add(part);
        } else if (name.equals(JfrEventDecoder.MEMORY_BLOCKS)) {
            core(JfrEventDecoder.coreOf(event)).addBlocks(event.getStartTime(), JfrEventDecoder.decodeMemoryBlocks(event));
        } else if (JfrEventDecoder.isAllocationRecords(event)) {
            JfrEventDecoder.decodeRecords(event).forEach(core(JfrEventDecoder.coreOf(event))::add);
        } else if (AllocationStacks.isAllocationSite(event)) {
            stacks.add(event);
        } else if (JfrEventDecoder.isMemscopeEvent(event)) {
            MemoryEvent decoded = JfrEventDecoder.decode(event);
            core(JfrEventDecoder.coreOf(event)).add(decoded);
            if (decoded instanceof SnapshotTaken taken) {
                snapshots.add(taken.snapshot());
            } else if (decoded instanceof EventsDropped drop) {
                droppedEvents += drop.count();
                dropReports++;
            }
        }
    }

    private CoreTimeline core(int id) {
        return cores.computeIfAbsent(id, CoreTimeline::new);
    }

    /**
     * After the last file: refuses files of two processes, lists the undecodable events among {@link #unreadable},
     * and refuses a capture without any Flight Recorder event.
     *
     * @throws IllegalArgumentException for two processes or no event ({@code path} names the capture)
     */
    void finish(Path path) {
        if (first == null || last == null) {
            first = anyFirst;
            last = anyLast;
        }
        if (processes.size() > 1) {
            throw new IllegalArgumentException(path + " holds captures of " + processes.size() + " processes ("
                    + processes.entrySet().stream()
                    .map(e -> "pid " + e.getKey() + ": " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; ")) + "): open them one at a time");
        }
        if (undecodable > 0) {
            unreadable.add(undecodable + " event(s) could not be decoded, first " + firstUndecodable);
            LOG.warn("memscope capture: {} event(s) could not be decoded, first {}", undecodable, firstUndecodable);
        }
        if (first == null || last == null) {
            throw new IllegalArgumentException("no Flight Recorder events in " + path
                    + (unreadable.isEmpty() ? "" : ": " + unreadable.get(0)));
        }
    }

    /** The start of the earliest event of the files with memscope events (of every file, if none has). */
    Instant start() {
        return Objects.requireNonNull(first, "finish() first");
    }

    /** The end of the latest event, as {@link #start()}. */
    Instant end() {
        return Objects.requireNonNull(last, "finish() first");
    }
}
