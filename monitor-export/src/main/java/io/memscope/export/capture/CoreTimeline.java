package io.memscope.export.capture;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.JfrEventDecoder.CoreLayout;
import io.memscope.core.management.JfrEventDecoder.LiveStatePart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One core's part of a capture: its memory events in sequence order, its complete chunk-start states, and
 * checkpoints of the rebuilt ledger (every chunk-start state, and every {@code max(16 384, live allocations)}
 * events), so a state at any moment replays at most one interval of events. Built by one thread, then read-only.
 */
final class CoreTimeline {
    private static final int CHECKPOINT_EVENTS = 16_384;

    /** A complete state from the capture. */
    record State(long sequence, long epochMillis, long monotonicNanos, List<AllocationInfo> allocations) {
    }

    /** The ledger after the events numbered up to {@code sequence}; replay continues at event index {@code next}. */
    private record Checkpoint(int next, long sequence, AllocationInfo[] allocations) {
    }

    final int coreId;
    @Nullable CoreLayout layout;
    private final List<MemoryEvent> events = new ArrayList<>();
    private final Map<Long, LiveStatePart[]> partial = new HashMap<>();
    private final TreeMap<Long, State> states = new TreeMap<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<LossReport.Gap> gaps = new ArrayList<>();
    private long[] times = new long[0];
    private long anchorEpochNanos;
    private long anchorMonotonic;

    CoreTimeline(int coreId) {
        this.coreId = coreId;
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
            List<AllocationInfo> all = new ArrayList<>(part.allocationCount());
            for (LiveStatePart p : parts) {
                all.addAll(p.allocations());
            }
            states.put(part.sequence(), new State(part.sequence(), part.capturedEpochMillis(), part.monotonicNanos(),
                    all));
            partial.remove(part.sequence());
        }
    }

    /** Sorts, numbers the times, replays once to find gaps and lay checkpoints. O(events). */
    void finish() {
        events.sort(Comparator.comparingLong(MemoryEvent::sequence));
        dedupe();
        if (!states.isEmpty()) {
            State first = states.firstEntry().getValue();
            anchorEpochNanos = first.epochMillis() * 1_000_000L;
            anchorMonotonic = first.monotonicNanos();
        } else if (!events.isEmpty()) {
            anchorEpochNanos = events.get(0).header().epochMillis() * 1_000_000L;
            anchorMonotonic = events.get(0).header().monotonicNanos();
        }
        times = new long[events.size()];
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < times.length; i++) { // the clock of allocations is coarse (1 ms): keep times monotonic
            previous = Math.max(previous, epochNanos(events.get(i).header().monotonicNanos()));
            times[i] = previous;
        }
        replay();
    }

    private void dedupe() {
        int w = 0;
        for (int r = 0; r < events.size(); r++) {
            if (w == 0 || events.get(w - 1).sequence() != events.get(r).sequence()) {
                events.set(w++, events.get(r));
            }
        }
        events.subList(w, events.size()).clear();
    }

    private long epochNanos(long monotonicNanos) {
        return anchorEpochNanos + (monotonicNanos - anchorMonotonic);
    }

    private void replay() {
        List<State> stateList = new ArrayList<>(states.values());
        LinkedHashMap<Long, AllocationInfo> ledger = new LinkedHashMap<>();
        long applied = -1; // -1: the baseline is not known yet
        int si = 0;
        int since = 0;
        for (int i = 0; i < events.size(); i++) {
            MemoryEvent e = events.get(i);
            long s = e.sequence();
            while (si < stateList.size() && stateList.get(si).sequence() < s) {
                State st = stateList.get(si++);
                if (st.sequence() >= applied) {
                    ledger = load(st.allocations());
                    applied = st.sequence();
                    checkpoints.add(new Checkpoint(i, applied, ledger.values().toArray(AllocationInfo[]::new)));
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
                checkpoints.add(new Checkpoint(i, applied, new AllocationInfo[0]));
            }
            if (s <= applied) {
                continue;
            }
            if (s > applied + 1) {
                gaps.add(new LossReport.Gap(coreId, applied + 1, s - 1));
            }
            apply(ledger, e);
            applied = s;
            if (++since >= Math.max(CHECKPOINT_EVENTS, ledger.size())) {
                checkpoints.add(new Checkpoint(i + 1, applied, ledger.values().toArray(AllocationInfo[]::new)));
                since = 0;
            }
        }
        for (; si < stateList.size(); si++) {
            State st = stateList.get(si);
            if (st.sequence() >= applied) {
                applied = st.sequence();
                checkpoints.add(new Checkpoint(events.size(), applied, st.allocations().toArray(AllocationInfo[]::new)));
            }
        }
    }

    private static LinkedHashMap<Long, AllocationInfo> load(List<AllocationInfo> allocations) {
        LinkedHashMap<Long, AllocationInfo> ledger = new LinkedHashMap<>(allocations.size() * 2);
        for (AllocationInfo a : allocations) {
            ledger.put(a.id(), a);
        }
        return ledger;
    }

    private static void apply(Map<Long, AllocationInfo> ledger, MemoryEvent e) {
        if (e instanceof AllocationCreated c) {
            ledger.put(c.allocation().id(), c.allocation());
        } else if (e instanceof AllocationFreed f) {
            ledger.remove(f.allocation().id());
        } else if (e instanceof AllocationMoved m) {
            ledger.put(m.allocation().id(), m.allocation()); // keeps its place: the ledger's order is creation order
        } else if (e instanceof LeakReported l) {
            ledger.remove(l.leak().id()); // freed at close
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    List<MemoryEvent> events() {
        return events;
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
        long sequence = found < 0 ? -1 : events.get(found).sequence();
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
        LinkedHashMap<Long, AllocationInfo> ledger = load(Arrays.asList(cp.allocations()));
        long applied = cp.sequence();
        for (int i = cp.next(); i < events.size() && events.get(i).sequence() <= sequence; i++) {
            MemoryEvent e = events.get(i);
            if (e.sequence() > applied) {
                apply(ledger, e);
                applied = e.sequence();
            }
        }
        return new CaptureState(coreId, at, applied, new ArrayList<>(ledger.values()));
    }
}
