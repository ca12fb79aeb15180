package io.memscope.remote;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.MemoryMonitorClient.SequencedState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The remote core's live allocations, rebuilt from a full state (sequence {@code S}) and the events numbered after
 * it, and the rules that decide which event is applied, which is stale, and when events were lost.
 *
 * <p>Events are offered in the order the stream delivers them. One numbered {@code lastApplied + 1} is applied; one
 * numbered at or below {@code lastApplied} is stale (already in the state) and skipped; one numbered higher waits in a
 * reorder buffer until the missing ones arrive, and if they have not come by the stream's next flush
 * ({@link #flush()}), they are lost. A loss is also an {@code EventsDropped} about events not yet applied, an event
 * that contradicts the ledger (a second create, a free or move of an unknown id), or a reorder buffer grown past its
 * bound. A loss is reported once; the caller then reads the full state again ({@link #reset}).
 *
 * <p>Every event applied (and every fresh {@code EventsDropped}) goes to the sink, in sequence order, while the lock is
 * held, so events published from a reset and from the stream never overtake each other; the sink must not block.
 *
 * <p>Thread-safe (one lock); {@link #offer} and {@link #flush} are O(1) amortised (O(log k) with k events waiting for
 * a gap), {@link #reset} and {@link #live()} O(n).
 */
final class RemoteLedger {
    private static final int MAX_WAITING = 1 << 16;

    private final Consumer<MemoryEvent> sink;

    @GuardedBy("this")
    private final LinkedHashMap<Long, AllocationInfo> live = new LinkedHashMap<>();
    @GuardedBy("this")
    private final TreeMap<Long, MemoryEvent> waiting = new TreeMap<>();
    /** Events offered before the first state, kept to be sorted out by {@link #reset}. */
    @GuardedBy("this")
    private final List<MemoryEvent> beforeState = new ArrayList<>();
    @GuardedBy("this")
    private boolean hasState;
    @GuardedBy("this")
    private long lastApplied;

    RemoteLedger(Consumer<MemoryEvent> sink) {
        this.sink = sink;
    }

    /** Forgets everything (a new target): events are held again until the next {@link #reset}. */
    synchronized void clear() {
        live.clear();
        waiting.clear();
        beforeState.clear();
        hasState = false;
        lastApplied = 0;
    }

    /**
     * Takes {@code state} as the truth (it reflects exactly the events numbered up to its sequence) and sorts out the
     * events held meanwhile: stale ones are dropped, newer ones applied in order.
     */
    synchronized @Nullable String reset(SequencedState state) {
        live.clear();
        for (AllocationInfo info : state.allocations()) {
            live.put(info.id(), info);
        }
        lastApplied = state.sequence();
        List<MemoryEvent> held = new ArrayList<>(beforeState);
        held.addAll(waiting.values());
        beforeState.clear();
        waiting.clear();
        hasState = true;
        String loss = null;
        for (MemoryEvent event : held) {
            String found = offerLocked(event);
            if (loss == null) {
                loss = found;
            }
        }
        return loss;
    }

    /** Offers the next event of the followed core, as the stream delivered it. */
    synchronized @Nullable String offer(MemoryEvent event) {
        if (!hasState) {
            beforeState.add(event);
            return null;
        }
        return offerLocked(event);
    }

    /** Whether {@code event} would be applied or published (it is not stale); cheap. */
    synchronized boolean isFresh(MemoryEvent event) {
        return !hasState || event.sequence() > lastApplied;
    }

    /** The stream delivered everything up to a flush: a gap still open now is a loss. */
    synchronized @Nullable String flush() {
        if (!hasState || waiting.isEmpty()) {
            return null;
        }
        long first = waiting.firstKey();
        return "events " + (lastApplied + 1) + ".." + (first - 1) + " never arrived";
    }

    @GuardedBy("this")
    private @Nullable String offerLocked(MemoryEvent event) {
        long sequence = event.sequence();
        if (event instanceof EventsDropped dropped) {
            // at intake: never numbered, it repeats the number of the last event given to the bridge
            boolean fresh = dropped.atIntake() ? sequence >= lastApplied : sequence > lastApplied;
            if (!fresh) {
                return null;
            }
            sink.accept(event);
            return "the target dropped " + dropped.count() + " events" + (dropped.atIntake() ? " at intake" : "");
        }
        if (sequence <= lastApplied) {
            return null;
        }
        if (sequence > lastApplied + 1) {
            waiting.put(sequence, event);
            return waiting.size() > MAX_WAITING ? "more than " + MAX_WAITING + " events wait for a gap" : null;
        }
        String loss = apply(event);
        while (loss == null && !waiting.isEmpty() && waiting.firstKey() == lastApplied + 1) {
            loss = apply(waiting.pollFirstEntry().getValue());
        }
        return loss;
    }

    @GuardedBy("this")
    private @Nullable String apply(MemoryEvent event) {
        lastApplied = event.sequence();
        sink.accept(event);
        if (event instanceof AllocationCreated created) {
            AllocationInfo info = created.allocation();
            if (live.putIfAbsent(info.id(), info) != null) {
                return "allocation " + info.id() + " created twice";
            }
        } else if (event instanceof AllocationFreed freed) {
            if (live.remove(freed.allocation().id()) == null) {
                return "allocation " + freed.allocation().id() + " freed but not known";
            }
        } else if (event instanceof AllocationMoved moved) {
            if (live.replace(moved.allocation().id(), moved.allocation()) == null) {
                return "allocation " + moved.allocation().id() + " moved but not known";
            }
        }
        return null;
    }

    /** The live allocations, oldest first (as the target lists them); O(n). */
    synchronized List<AllocationInfo> live() {
        return List.copyOf(live.values());
    }

    /** Live allocations now; O(1). */
    synchronized int size() {
        return live.size();
    }

    /** The sequence number the ledger reflects (0 before the first state). */
    synchronized long lastApplied() {
        return lastApplied;
    }

    /** Whether a state was read since the last {@link #clear()}. */
    synchronized boolean hasState() {
        return hasState;
    }
}
