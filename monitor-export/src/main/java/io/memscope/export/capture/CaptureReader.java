package io.memscope.export.capture;

import io.memscope.core.MemoryMap;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.AllocationStacks;
import io.memscope.core.management.CallSites;
import io.memscope.core.management.JfrEventDecoder;
import io.memscope.core.stats.MemoryBlock;
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
import java.util.stream.Stream;
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
        CaptureScan scan = new CaptureScan();
        files.forEach(scan::read);
        scan.finish(path);
        List<LossReport.Gap> gaps = new ArrayList<>();
        for (CoreTimeline core : scan.cores.values()) {
            core.finish();
            gaps.addAll(core.gaps());
        }
        scan.snapshots.sort(Comparator.comparing(MemorySnapshot::takenAt));
        LossReport losses = new LossReport(gaps, scan.droppedEvents, scan.dropReports, scan.dataLoss, scan.unreadable);
        LOG.info("memscope capture {}: {} JFR events, {} core(s), read in {} ms", path, scan.count, scan.cores.size(),
                (System.nanoTime() - began) / 1_000_000);
        return new CaptureReader(files, scan.cores, scan.start(), scan.end(), scan.snapshots, losses, scan.count,
                scan.stacks);
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

    /**
     * Where core {@code coreId}'s live allocations sat at {@code t}: {@link #stateAt(int, Instant)} placed in the
     * blocks last recorded at or before {@code t} (captures record them at each chunk start and, at most once per
     * sample, when they changed: a block made since is inferred from its allocations, one freed since shows empty).
     * Cost: {@link #stateAt(int, Instant)} plus O(n log n).
     */
    public MemoryMap memoryMapAt(int coreId, Instant t) {
        return memoryMapOf(stateAt(coreId, t));
    }

    /** {@code state}'s allocations placed in its core's blocks last recorded at or before its moment. O(n log n). */
    MemoryMap memoryMapOf(CaptureState state) {
        List<MemoryBlock> blocks = timeline(state.coreId()).blocksAt(state.at());
        return MemoryMap.of(state.at().toEpochMilli(), blocks, state.allocations());
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
