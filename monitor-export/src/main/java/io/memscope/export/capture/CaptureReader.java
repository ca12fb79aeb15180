package io.memscope.export.capture;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.management.AllocationStacks;
import io.memscope.core.management.CallSites;
import io.memscope.core.management.JfrEventDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memscope capture opened for reading: a {@code .jfr} file written by
 * {@code MemoryMonitor.startCapture}/{@code stopCapture}, {@code -Dmemscope.capture}, {@code memscope record} or any
 * recording with memscope's capture settings ({@code JfrEventDecoder.captureSettings()}), or a Flight Recorder
 * repository folder (the chunk files of a process that crashed or still runs: every {@code *.jfr} in it, in name
 * order; a chunk whose end was never written is read up to its last flush).
 *
 * <p>{@link #open(Path)} reads the whole capture once (O(events)), keeps each core's memory events as columns of
 * numbers (about 50 bytes an event, its time index included, and 76 an allocation; samples, snapshots and other rare
 * events as objects), sorts them by sequence number, finds the losses and lays checkpoints of the rebuilt ledger (each
 * chunk-start state and every {@code max(16 384, live allocations)} events, an {@code int} per live allocation).
 * Afterwards
 * {@link #stateAt(int, Instant)} copies the nearest checkpoint and replays at most one interval of events;
 * {@link #events(int)} builds each event object when it is read.
 *
 * <p><b>Time.</b> A memory event's time is the recorded JVM's {@code System.nanoTime()} of the event, placed on the
 * wall clock by the first state's reading (±1 ms). Allocations are time-stamped with a clock of about 1 ms
 * resolution, so {@link #stateAt} includes every event of the millisecond of {@code t}; the exact question is
 * {@link #stateAtSequence(int, long)}.
 *
 * <p>Immutable after {@code open}; thread-safe. JavaFX-free.
 */
public final class CaptureReader {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureReader.class);

    private final List<Path> files;
    private final Map<Integer, CoreTimeline> cores;
    private final Instant start;
    private final Instant end;
    private final List<MemorySnapshot> snapshots;
    private final LossReport losses;
    private final long recordedEvents;
    private final AllocationStacks stacks;

    private CaptureReader(List<Path> files, Map<Integer, CoreTimeline> cores, Instant start, Instant end,
                          List<MemorySnapshot> snapshots, LossReport losses, long recordedEvents,
                          AllocationStacks stacks) {
        this.files = List.copyOf(files);
        this.cores = cores;
        this.start = start;
        this.end = end;
        this.snapshots = List.copyOf(snapshots);
        this.losses = losses;
        this.recordedEvents = recordedEvents;
        this.stacks = stacks;
    }

    /**
     * Reads the capture {@code path}: a {@code .jfr} file or a Flight Recorder repository folder.
     *
     * @throws IllegalArgumentException if it does not exist, is a folder without {@code .jfr} files, or holds no
     *     readable Flight Recorder data
     * @throws UncheckedIOException if a folder cannot be listed
     */
    public static CaptureReader open(Path path) {
        long began = System.nanoTime();
        List<Path> files = chunkFiles(path);
        Map<Integer, CoreTimeline> cores = new TreeMap<>();
        List<MemorySnapshot> snapshots = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        long[] dropped = new long[2];
        long[] undecodable = new long[1];
        Map<Long, java.util.TreeSet<String>> processes = new TreeMap<>(); // pid → the files of its device layouts
        String[] undecodableFirst = new String[1];
        long dataLoss = 0;
        long count = 0;
        AllocationStacks stacks = new AllocationStacks();
        Instant first = null;
        Instant last = null;
        Instant anyFirst = null; // the span of every file, for a capture of files without memscope events
        Instant anyLast = null;
        for (Path file : files) {
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
                        String name = event.getEventType().getName();
                        if (name.equals("jdk.DataLoss")) {
                            dataLoss += event.getLong("amount");
                        } else if (name.equals(JfrEventDecoder.DEVICE_LAYOUT)) {
                            JfrEventDecoder.CoreLayout layout = JfrEventDecoder.decodeLayout(event);
                            core(cores, layout.coreId()).layout = layout;
                            processes.computeIfAbsent(layout.pid(), p -> new java.util.TreeSet<>())
                                    .add(file.getFileName().toString());
                        } else if (name.equals(JfrEventDecoder.LIVE_STATE)) {
                            JfrEventDecoder.LiveStatePart part = JfrEventDecoder.decodeStatePart(event);
                            core(cores, part.coreId()).add(part);
                        } else if (JfrEventDecoder.isAllocationRecords(event)) {
                            CoreTimeline core = core(cores, JfrEventDecoder.coreOf(event));
                            JfrEventDecoder.decodeRecords(event).forEach(core::add);
                        } else if (AllocationStacks.isAllocationSite(event)) {
                            stacks.add(event);
                        } else if (JfrEventDecoder.isMemscopeEvent(event)) {
                            MemoryEvent decoded = JfrEventDecoder.decode(event);
                            core(cores, JfrEventDecoder.coreOf(event)).add(decoded);
                            if (decoded instanceof SnapshotTaken taken) {
                                snapshots.add(taken.snapshot());
                            } else if (decoded instanceof EventsDropped drop) {
                                dropped[0] += drop.count();
                                dropped[1]++;
                            }
                        }
                    } catch (RuntimeException failure) { // one event the JDK could not resolve: the rest counts
                        if (undecodable[0]++ == 0) {
                            undecodableFirst[0] = file + ": " + event.getEventType().getName() + ": " + failure;
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
        if (first == null || last == null) {
            first = anyFirst;
            last = anyLast;
        }
        if (processes.size() > 1) {
            throw new IllegalArgumentException(path + " holds captures of " + processes.size() + " processes ("
                    + processes.entrySet().stream()
                    .map(e -> "pid " + e.getKey() + ": " + String.join(", ", e.getValue()))
                    .collect(java.util.stream.Collectors.joining("; ")) + "): open them one at a time");
        }
        if (undecodable[0] > 0) {
            unreadable.add(undecodable[0] + " event(s) could not be decoded, first " + undecodableFirst[0]);
            LOG.warn("memscope capture: {} event(s) could not be decoded, first {}", undecodable[0],
                    undecodableFirst[0]);
        }
        if (first == null || last == null) {
            throw new IllegalArgumentException("no Flight Recorder events in " + path
                    + (unreadable.isEmpty() ? "" : ": " + unreadable.get(0)));
        }
        List<LossReport.Gap> gaps = new ArrayList<>();
        for (CoreTimeline core : cores.values()) {
            core.finish();
            gaps.addAll(core.gaps());
        }
        snapshots.sort(Comparator.comparing(MemorySnapshot::takenAt));
        LossReport losses = new LossReport(gaps, dropped[0], (int) dropped[1], dataLoss, unreadable);
        LOG.info("memscope capture {}: {} JFR events, {} core(s), read in {} ms", path, count, cores.size(),
                (System.nanoTime() - began) / 1_000_000);
        return new CaptureReader(files, cores, first, last, snapshots, losses, count, stacks);
    }

    private static CoreTimeline core(Map<Integer, CoreTimeline> cores, int id) {
        return cores.computeIfAbsent(id, CoreTimeline::new);
    }

    private static List<Path> chunkFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no capture at " + path + ": no such file or folder");
        }
        try (Stream<Path> list = Files.list(path)) {
            List<Path> chunks = list.filter(p -> p.getFileName().toString().endsWith(".jfr") && Files.isRegularFile(p))
                    .sorted().toList();
            if (chunks.isEmpty()) {
                throw new IllegalArgumentException("no capture at " + path + ": the folder holds no .jfr files");
            }
            return chunks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** The files read: the one file, or the repository's chunk files in order. */
    public List<Path> files() {
        return files;
    }

    /** The cores found, by id. */
    public List<CoreInfo> cores() {
        List<CoreInfo> out = new ArrayList<>();
        for (CoreTimeline t : cores.values()) {
            out.add(new CoreInfo(t.coreId, t.layout, t.firstSequence(), t.lastSequence(), t.eventCount(),
                    t.stateCount()));
        }
        return out;
    }

    /** The start of the earliest Flight Recorder event read (memscope's or the JVM's). */
    public Instant start() {
        return start;
    }

    /** The end of the latest Flight Recorder event read. */
    public Instant end() {
        return end;
    }

    /** Flight Recorder events read, of every type. */
    public long recordedEventCount() {
        return recordedEvents;
    }

    /**
     * The memory events of core {@code coreId} in sequence order, without duplicates; unmodifiable, each built when
     * read.
     */
    public List<MemoryEvent> events(int coreId) {
        return timeline(coreId).events();
    }

    /**
     * The memory events of core {@code coreId} other than allocations, frees and moves — samples, budgets,
     * thresholds, snapshots, defragmentation, leaks, drop reports — in sequence order; unmodifiable. O(events) to
     * find, without building the allocation events.
     */
    public List<MemoryEvent> nonAllocationEvents(int coreId) {
        return java.util.Collections.unmodifiableList(timeline(coreId).otherEvents());
    }

    /** The capture's time of an event of core {@code coreId} (see the class comment). */
    public Instant timeOf(int coreId, MemoryEvent event) {
        return timeline(coreId).timeOf(event);
    }

    /**
     * The live allocations of core {@code coreId} at {@code t}: after every memory event at or before it (before the
     * capture's first event: its first state). Cost: a copy of the nearest checkpoint plus at most one interval of
     * events.
     */
    public CaptureState stateAt(int coreId, Instant t) {
        CoreTimeline timeline = timeline(coreId);
        return timeline.stateAtSequence(timeline.sequenceAt(t), t);
    }

    /** {@link #stateAt(int, Instant)} of the first core (most captures hold one). */
    public CaptureState stateAt(Instant t) {
        return stateAt(firstCore(), t);
    }

    /** The live allocations of core {@code coreId} after the memory events numbered up to {@code sequence}. */
    public CaptureState stateAtSequence(int coreId, long sequence) {
        CoreTimeline timeline = timeline(coreId);
        return timeline.stateAtSequence(sequence, timeline.timeOfSequence(sequence, start));
    }

    /**
     * Who allocated what was live at {@code t}: {@link #stateAt(int, Instant)} grouped by the call stacks the capture
     * recorded ({@code memscope.AllocationSite}; see {@link #allocationStacks()}). Without recorded stacks every
     * allocation is in the "(no stack recorded)" node. Cost: {@code stateAt} plus O(live × stack depth).
     */
    public CallSites callSitesAt(int coreId, Instant t) {
        return stacks.callSites(coreId, stateAt(coreId, t).allocations());
    }

    /** The allocation call stacks the capture recorded (every core; empty when it was recorded without them). */
    public AllocationStacks allocationStacks() {
        return stacks;
    }

    /** Snapshots taken during the capture (every core), by time; those of more than 10 000 allocations without them. */
    public List<MemorySnapshot> snapshots() {
        return snapshots;
    }

    /** What the capture lost. */
    public LossReport losses() {
        return losses;
    }

    /** The id of the first core. */
    public int firstCore() {
        if (cores.isEmpty()) {
            throw new NoSuchElementException("the capture holds no memscope core");
        }
        return cores.keySet().iterator().next();
    }

    /** The timeline of core {@code coreId}, for this package's exports. */
    CoreTimeline timeline(int coreId) {
        @Nullable CoreTimeline t = cores.get(coreId);
        if (t == null) {
            throw new NoSuchElementException("the capture holds no core " + coreId + "; it holds " + cores.keySet());
        }
        return t;
    }

    /** One line: cores, events, states, time span, losses. */
    public String summary() {
        long events = cores.values().stream().mapToLong(CoreTimeline::eventCount).sum();
        int states = cores.values().stream().mapToInt(CoreTimeline::stateCount).sum();
        return cores.size() + " core(s), " + events + " memory events, " + states + " states, "
                + snapshots.size() + " snapshots, " + java.time.Duration.between(start, end).toMillis() + " ms"
                + (losses.isEmpty() ? ", nothing lost" : ", LOSSES: " + losses.missingEvents() + " events, "
                + losses.dataLossBytes() + " B of JFR data, " + losses.unreadable().size() + " unreadable");
    }
}
