package io.memscope.export.capture;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.JfrEventDecoder.CoreLayout;
import io.memscope.core.management.JfrEventDecoder.LiveStatePart;
import io.memscope.core.stats.MemoryBlock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One core's part of a capture: its memory events in sequence order ({@link EventColumns}), its complete chunk-start
 * states, and checkpoints of the rebuilt ledger (every chunk-start state, and every {@code max(16 384, live
 * allocations)} events), so a state at any moment replays at most one interval of events. Allocations are rows of
 * an {@link AllocationTable} shared by events, states and checkpoints (a checkpoint is an {@code int} per live
 * allocation). Built by one thread, then read-only.
 */
final class CoreTimeline {
    private static final int CHECKPOINT_EVENTS = 16_384;

    /** A complete state from the capture: the allocations live after the events numbered up to its sequence. */
    final class State {
        private final long sequence;
        private final long epochMillis;
        private final long monotonicNanos;
        private final int[] rows;

        State(long sequence, long epochMillis, long monotonicNanos, int[] rows) {
            this.sequence = sequence;
            this.epochMillis = epochMillis;
            this.monotonicNanos = monotonicNanos;
            this.rows = rows;
        }

        long sequence() {
            return sequence;
        }

        long epochMillis() {
            return epochMillis;
        }

        long monotonicNanos() {
            return monotonicNanos;
        }

        /** Its allocations, built on each call. */
        List<AllocationInfo> allocations() {
            return materialize(rows);
        }
    }

    /** The ledger (rows) after the events numbered up to {@code sequence}; replay continues at event {@code next}. */
    private record Checkpoint(int next, long sequence, int[] rows) {
    }

    final int coreId;
    @Nullable CoreLayout layout;
    private final StringTable strings;
    private final AllocationTable table;
    private final EventColumns events;
    private final Map<Long, LiveStatePart[]> partial = new HashMap<>();
    private final TreeMap<Long, State> states = new TreeMap<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<LossReport.Gap> gaps = new ArrayList<>();
    /** The core's block lists by the time they were recorded (nanoseconds since the epoch). */
    private final TreeMap<Long, List<MemoryBlock>> blocks = new TreeMap<>();
    private long[] times = new long[0];
    private long anchorEpochNanos;
    private long anchorMonotonic;

    CoreTimeline(int coreId) {
        this.coreId = coreId;
        this.strings = new StringTable();
        this.table = new AllocationTable(strings);
        this.events = new EventColumns(table, strings);
    }

    /** A block list recorded at {@code at} (a later one at the same instant wins). */
    void addBlocks(Instant at, List<MemoryBlock> list) {
        blocks.put(at.getEpochSecond() * 1_000_000_000L + at.getNano(), List.copyOf(list));
    }

    /**
     * The blocks as last recorded at or before {@code t} (the earliest list if none was recorded before it; empty
     * for a capture without block records). O(log lists).
     */
    List<MemoryBlock> blocksAt(Instant t) {
        long key = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        Map.Entry<Long, List<MemoryBlock>> at = blocks.floorEntry(key);
        if (at == null) {
            at = blocks.firstEntry();
        }
        return at == null ? List.of() : at.getValue();
    }

    void add(MemoryEvent event) {
        events.add(event);
    }

    void add(LiveStatePart part) {
        LiveStatePart[] parts = partial.computeIfAbsent(part.sequence(), s -> new LiveStatePart[part.parts()]);
        if (part.part() < parts.length) {
            parts[part.part()] = part;
        }
        if (Arrays.stream(parts).allMatch(p -> p != null)) {
            int[] rows = new int[part.allocationCount()];
            int n = 0;
            for (LiveStatePart p : parts) {
                for (AllocationInfo a : p.allocations()) {
                    if (n == rows.length) {
                        rows = Arrays.copyOf(rows, n * 2 + 1);
                    }
                    rows[n++] = table.add(a);
                }
            }
            states.put(part.sequence(), new State(part.sequence(), part.capturedEpochMillis(), part.monotonicNanos(),
                    Arrays.copyOf(rows, n)));
            partial.remove(part.sequence());
        }
    }

    /** Sorts, numbers the times, replays once to find gaps and lay checkpoints. O(events). */
    void finish() {
        events.sortBySequence();
        if (!states.isEmpty()) {
            State first = states.firstEntry().getValue();
            anchorEpochNanos = first.epochMillis() * 1_000_000L;
            anchorMonotonic = first.monotonicNanos();
        } else if (events.size() > 0) {
            MemoryEvent e = events.event(0);
            anchorEpochNanos = e.header().epochMillis() * 1_000_000L;
            anchorMonotonic = e.header().monotonicNanos();
        }
        times = new long[events.size()];
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < times.length; i++) { // the clock of allocations is coarse (1 ms): keep times monotonic
            previous = Math.max(previous, epochNanos(events.monotonic(i)));
            times[i] = previous;
        }
        replay();
    }

    private long epochNanos(long monotonicNanos) {
        return anchorEpochNanos + (monotonicNanos - anchorMonotonic);
    }

    private void replay() {
        List<State> stateList = new ArrayList<>(states.values());
        LinkedHashMap<Long, Integer> ledger = new LinkedHashMap<>();
        long applied = -1; // -1: the baseline is not known yet
        int si = 0;
        int since = 0;
        for (int i = 0; i < events.size(); i++) {
            long s = events.sequence(i);
            while (si < stateList.size() && stateList.get(si).sequence() < s) {
                State st = stateList.get(si++);
                if (st.sequence() >= applied) {
                    ledger = load(st.rows);
                    applied = st.sequence();
                    checkpoints.add(new Checkpoint(i, applied, st.rows));
                    since = 0;
                }
            }
            if (applied < 0) {
                if (!stateList.isEmpty() && s <= stateList.get(0).sequence()) {
                    continue; // numbered before the first state, which reflects it
                }
                if (s > 1) {
                    gaps.add(new LossReport.Gap(coreId, 1, s - 1)); // what was live before is unknown
                }
                applied = s - 1;
                checkpoints.add(new Checkpoint(i, applied, new int[0]));
            }
            if (s <= applied) {
                continue;
            }
            if (s > applied + 1) {
                gaps.add(new LossReport.Gap(coreId, applied + 1, s - 1));
            }
            apply(ledger, i);
            applied = s;
            if (++since >= Math.max(CHECKPOINT_EVENTS, ledger.size())) {
                checkpoints.add(new Checkpoint(i + 1, applied, rowsOf(ledger)));
                since = 0;
            }
        }
        for (; si < stateList.size(); si++) {
            State st = stateList.get(si);
            if (st.sequence() >= applied) {
                applied = st.sequence();
                checkpoints.add(new Checkpoint(events.size(), applied, st.rows));
            }
        }
    }

    private LinkedHashMap<Long, Integer> load(int[] rows) {
        LinkedHashMap<Long, Integer> ledger = new LinkedHashMap<>(rows.length * 2);
        for (int r : rows) {
            ledger.put(table.id(r), r);
        }
        return ledger;
    }

    private static int[] rowsOf(Map<Long, Integer> ledger) {
        int[] rows = new int[ledger.size()];
        int n = 0;
        for (int r : ledger.values()) {
            rows[n++] = r;
        }
        return rows;
    }

    private List<AllocationInfo> materialize(int[] rows) {
        List<AllocationInfo> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(table.get(r));
        }
        return out;
    }

    private void apply(Map<Long, Integer> ledger, int i) {
        switch (events.op(i)) {
            case EventColumns.CREATED -> ledger.put(table.id(events.row(i)), events.row(i));
            case EventColumns.FREED -> ledger.remove(table.id(events.row(i)));
            case EventColumns.MOVED -> ledger.put(table.id(events.row(i)), events.row(i)); // keeps its place
            default -> {
                if (events.other(i) instanceof LeakReported l) {
                    ledger.remove(l.leak().id()); // freed at close
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** The events in sequence order, each built when read. */
    List<MemoryEvent> events() {
        return events.view();
    }

    /** The events other than allocations, frees and moves, in sequence order; no event is built. */
    List<MemoryEvent> otherEvents() {
        List<MemoryEvent> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.op(i) == EventColumns.OTHER) {
                out.add(events.other(i));
            }
        }
        return out;
    }

    int eventCount() {
        return events.size();
    }

    long firstSequence() {
        return events.size() == 0 ? -1 : events.sequence(0);
    }

    long lastSequence() {
        return events.size() == 0 ? -1 : events.sequence(events.size() - 1);
    }

    /** The complete states in sequence order. */
    List<State> states() {
        return List.copyOf(states.values());
    }

    /** The capture's time of {@code event} as nanoseconds since the epoch. */
    long epochNanosOf(MemoryEvent event) {
        return epochNanos(event.header().monotonicNanos());
    }

    /** The capture's time of {@code state} as nanoseconds since the epoch. */
    long epochNanosOf(State state) {
        return epochNanos(state.monotonicNanos());
    }

    int stateCount() {
        return states.size();
    }

    List<LossReport.Gap> gaps() {
        return gaps;
    }

    /** The capture's time of {@code event} (the recorded JVM's monotonic clock placed on the wall clock). */
    Instant timeOf(MemoryEvent event) {
        return instant(epochNanos(event.header().monotonicNanos()));
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** The time of the last event numbered at or before {@code sequence}; {@code fallback} if none. */
    Instant timeOfSequence(long sequence, Instant fallback) {
        int lo = 0;
        int hi = events.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (events.sequence(mid) <= sequence) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? fallback : instant(epochNanos(events.monotonic(found)));
    }

    /** The last sequence number whose event or state is at or before {@code t}; -1 if none. */
    long sequenceAt(Instant t) {
        long target = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        int lo = 0;
        int hi = times.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        long sequence = found < 0 ? -1 : events.sequence(found);
        for (State st : states.values()) {
            if (st.sequence() > sequence && epochNanos(st.monotonicNanos()) <= target) {
                sequence = st.sequence();
            }
        }
        return sequence;
    }

    /** The ledger after the events numbered up to {@code sequence}: nearest checkpoint, then replay. */
    CaptureState stateAtSequence(long sequence, Instant at) {
        if (checkpoints.isEmpty()) {
            return new CaptureState(coreId, at, -1, List.of());
        }
        int lo = 0;
        int hi = checkpoints.size() - 1;
        int found = 0; // before the first checkpoint: its state, the earliest the capture knows
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (checkpoints.get(mid).sequence() <= sequence) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        Checkpoint cp = checkpoints.get(found);
        LinkedHashMap<Long, Integer> ledger = load(cp.rows());
        long applied = cp.sequence();
        for (int i = cp.next(); i < events.size() && events.sequence(i) <= sequence; i++) {
            if (events.sequence(i) > applied) {
                apply(ledger, i);
                applied = events.sequence(i);
            }
        }
        return new CaptureState(coreId, at, applied, materialize(rowsOf(ledger)));
    }
}
