package io.memscope.core.internal.events;

import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's bounded buffer and its delivery task, run on the shared {@link DeliveryPool}.
 *
 * <p>The hub's drain thread is the only producer ({@link #offer}). Delivery runs as one task at a time
 * ({@link #signal} schedules it unless it is already scheduled or running: the usual work-in-progress counter),
 * so {@code onNext} calls are serialised, never run on the drain thread or an allocating thread, and each call
 * happens-after the previous one even when pool threads take turns. A task delivers at most
 * {@value #SLICE} events, then schedules itself again behind the other subscribers' tasks. In
 * {@link OverflowPolicy#LOSSLESS} mode the buffer is a single-producer single-consumer queue and
 * {@link #offer} refuses when full (the hub waits); in the dropping modes it is a multi-consumer queue from
 * which the drain thread evicts, and counts, the oldest event when full.
 */
final class SubscriberChannel<T extends MemoryEvent> implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberChannel.class);
    /** Events one task delivers before it gives its pool thread to the next subscriber. */
    static final int SLICE = 1024;
    private static final String DELIVERY = "memscope-delivery";

    private final EventHub hub;
    private final Subscriber<? super T> downstream;
    private final Class<T> type;
    private final boolean lossless;
    private final boolean reportsDrops;
    private final int capacity;
    /** Batches handed over by the drain thread; each holds only events this subscriber accepts. */
    private final MessagePassingQueue<MemoryEvent[]> buffer;
    /** Events in queued batches and in the batch being delivered. */
    private final AtomicLong bufferedEvents = new AtomicLong();
    private final Executor executor;
    /** Signals not yet seen by a delivery task; a task is scheduled or running while this is not zero. */
    private final AtomicInteger pendingSignals = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    /** Events evicted from this buffer; written by the drain thread only. */
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastDroppedSequence;
    /** Events the hub lost at intake while this channel existed; written by the drain thread only. */
    private final AtomicLong intakeDropped = new AtomicLong();
    /** Held by the drain thread while it evicts and counts, and by the delivery thread while it takes a batch. */
    private final Object evictionLock = new Object();
    private volatile boolean cancelled;
    private volatile boolean done;
    /** Set by the last delivery task: nothing more will be delivered, signals are ignored. */
    private volatile boolean retired;
    /**
     * Why the stream fails ({@link #fail}): set by any thread, signalled as {@code onError} by the delivery thread,
     * so it never overlaps an {@code onNext} (§1.3) nor follows a terminal signal (§1.7).
     */
    private volatile @Nullable Throwable failure;
    /** Delivery-task state (tasks run one at a time, each happens-after the previous). */
    private MemoryEvent @Nullable [] current;
    private int currentIndex;
    private long emitted;
    private long reportedDrops;
    /** Events discarded because a report already covered their number (see {@link #nextEvent()}). */
    private long discardedStale;
    private long reportedIntakeDrops;
    /** The highest sequence number this subscriber has been given or told about. */
    private long lastSeenSequence;

    SubscriberChannel(EventHub hub, Subscriber<? super T> downstream, Class<T> type, OverflowPolicy policy,
                      int capacity, Executor executor) {
        this.hub = hub;
        this.executor = executor;
        this.downstream = downstream;
        this.type = type;
        this.lossless = policy == OverflowPolicy.LOSSLESS;
        this.reportsDrops = type.isAssignableFrom(EventsDropped.class);
        this.capacity = policy == OverflowPolicy.LATEST ? 2 : capacity;
        this.buffer = lossless ? new SpscArrayQueue<>(capacity) : new MpmcArrayQueue<>(Math.max(2, this.capacity));
    }

    boolean accepts(MemoryEvent event) {
        return type.isInstance(event);
    }

    boolean acceptsType(Class<? extends MemoryEvent> eventType) {
        return type.isAssignableFrom(eventType);
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Whether nothing more is to be handed to this subscriber: cancelled, ended, or failing ({@link #fail}). */
    boolean takesNoMore() {
        return cancelled || failure != null;
    }

    /** The events of {@code batch[0..n)} this subscriber accepts, as an array it may keep. Drain thread only. */
    MemoryEvent[] select(MemoryEvent[] batch, int n) {
        if (type == MemoryEvent.class) {
            return Arrays.copyOf(batch, n);
        }
        int matching = 0;
        for (int i = 0; i < n; i++) {
            if (type.isInstance(batch[i])) {
                matching++;
            }
        }
        MemoryEvent[] mine = new MemoryEvent[matching];
        for (int i = 0, j = 0; j < matching; i++) {
            if (type.isInstance(batch[i])) {
                mine[j++] = batch[i];
            }
        }
        return mine;
    }

    /**
     * Buffers a batch (drain thread only; events in sequence order). Lossless: {@code false}, nothing
     * changed, when it does not fit (a batch always fits into an empty buffer). Dropping: always {@code true};
     * the oldest buffered batches, then the oldest events of this batch, are evicted and counted until the
     * buffer holds at most its capacity.
     */
    boolean offer(MemoryEvent[] events) {
        long buffered = bufferedEvents.get();
        if (lossless) {
            if (buffered > 0 && buffered + events.length > capacity) {
                return false;
            }
            bufferedEvents.addAndGet(events.length);
            if (!buffer.relaxedOffer(events)) {
                bufferedEvents.addAndGet(-events.length);
                return false;
            }
            return true;
        }
        synchronized (evictionLock) {
            return offerEvicting(events);
        }
    }

    /** The dropping half of {@link #offer}, under {@link #evictionLock}. */
    private boolean offerEvicting(MemoryEvent[] events) {
        while (bufferedEvents.get() + events.length > capacity) {
            MemoryEvent[] evicted = buffer.relaxedPoll();
            if (evicted == null) {
                break; // only the batch being delivered is left
            }
            bufferedEvents.addAndGet(-evicted.length);
            countDropped(evicted, 0, evicted.length);
        }
        MemoryEvent[] kept = events;
        if (events.length > capacity) {
            countDropped(events, 0, events.length - capacity);
            kept = Arrays.copyOfRange(events, events.length - capacity, events.length);
        }
        bufferedEvents.addAndGet(kept.length);
        while (!buffer.relaxedOffer(kept)) {
            MemoryEvent[] evicted = buffer.relaxedPoll();
            if (evicted != null) {
                bufferedEvents.addAndGet(-evicted.length);
                countDropped(evicted, 0, evicted.length);
            }
        }
        return true;
    }

    private void countDropped(MemoryEvent[] events, int from, int to) {
        if (to <= from) {
            return;
        }
        lastDroppedSequence = Math.max(lastDroppedSequence, events[to - 1].sequence());
        dropped.addAndGet(to - from);
        hub.countSubscriberDrops(to - from);
    }

    /**
     * The hub lost {@code count} events at intake (drain thread only); reported to the subscriber ahead of its
     * next event, stamped with the last sequence number the subscriber saw. Never evicted.
     */
    void addIntakeDrops(long count) {
        if (reportsDrops) {
            intakeDropped.addAndGet(count);
            signal();
        }
    }

    long buffered() {
        return bufferedEvents.get();
    }

    /**
     * There may be something to deliver (after offers, on request, on completion, cancel or failure): schedules the
     * delivery task unless it is scheduled or running already. Cost: one atomic increment, plus one executor
     * hand-over when the task was idle.
     */
    void signal() {
        if (!retired && pendingSignals.getAndIncrement() == 0) {
            executor.execute(this::deliver);
        }
    }

    /** No more events will come; the subscriber completes once its buffer is delivered. */
    void complete() {
        done = true;
        signal();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("§3.9 violated: request must be positive, was " + n));
            return;
        }
        requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n); // capped at "unbounded"
        signal();
    }

    /**
     * Ends the stream with {@code onError(error)}, signalled by the delivery thread ahead of anything still
     * buffered; no more events are handed to it. No effect once the stream ended or failed.
     */
    void fail(Throwable error) {
        if (!cancelled && failure == null) {
            failure = error;
            hub.remove(this);
            signal();
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            hub.remove(this);
            signal();
        }
    }

    // ----------------------------------------------------------------------------------------- delivery task

    /**
     * One delivery task: delivers until nothing is left that was signalled, at most {@link #SLICE} events, and
     * reschedules itself if it stopped at the slice. Once the stream is finished the counter is left non-zero,
     * so no task is ever scheduled again.
     */
    private void deliver() {
        int missed = 1;
        while (true) {
            int delivered = deliverWhatIsRequested(SLICE);
            if (delivered < 0) {
                retired = true;
                buffer.clear();
                current = null;
                return;
            }
            if (delivered == SLICE) {
                executor.execute(this::deliver); // the counter stays non-zero: still one task at a time
                return;
            }
            missed = pendingSignals.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private boolean hasBuffered() {
        return current != null || !buffer.isEmpty();
    }

    /** @return events delivered (at most {@code limit}), or -1 once the channel is finished (cancelled, completed or failed) */
    private int deliverWhatIsRequested(int limit) {
        int delivered = 0;
        while (!cancelled && delivered < limit) {
            Throwable error = failure;
            if (error != null) {
                cancel();
                downstream.onError(error);
                return -1;
            }
            if (emitted == requested.get()) {
                return finishIfDone() ? -1 : delivered;
            }
            boolean finished = done;
            MemoryEvent next = nextEvent();
            if (next == null) {
                return finished && finishIfDone() ? -1 : delivered;
            }
            try {
                downstream.onNext(type.cast(next));
            } catch (Throwable t) {
                LOG.error("memscope event subscriber {} threw; it is unsubscribed", downstream, t);
                cancel();
                return -1;
            }
            emitted++;
            delivered++;
        }
        return cancelled ? -1 : delivered;
    }

    /**
     * The next event to deliver, in sequence order; null when there is nothing. An intake report comes first (it
     * takes no number). A buffer report comes only between batches: the rest of the batch being delivered is older
     * than anything the drain thread evicted (it evicts the oldest queued batches), so it goes first. Taking the
     * next batch and checking for a report happen under {@link #evictionLock}, which the drain thread holds while
     * it evicts and counts: every event evicted before the batch was taken is reported before it, every event
     * evicted later is newer than it. As a last guard, an event not newer than the last number this subscriber
     * was given or told about is discarded and counted like an evicted one.
     */
    private @Nullable MemoryEvent nextEvent() {
        if (reportsDrops) {
            long intakeTotal = intakeDropped.get();
            if (intakeTotal != reportedIntakeDrops) {
                long count = intakeTotal - reportedIntakeDrops;
                reportedIntakeDrops = intakeTotal;
                return new EventsDropped(header(lastSeenSequence), count, intakeTotal, true);
            }
        }
        while (true) {
            MemoryEvent[] batch = current;
            if (batch == null) {
                synchronized (evictionLock) {
                    if (reportsDrops && bufferDropsPending()) {
                        return bufferDropReport();
                    }
                    batch = buffer.relaxedPoll();
                }
                if (batch == null) {
                    return null;
                }
                current = batch;
                currentIndex = 0;
            }
            MemoryEvent next = batch[currentIndex++];
            if (currentIndex == batch.length) {
                current = null;
                bufferedEvents.addAndGet(-batch.length);
            }
            if (next.sequence() > lastSeenSequence) {
                lastSeenSequence = next.sequence();
                return next;
            }
            discardStale();
        }
    }

    private EventsDropped bufferDropReport() {
        long total = dropped.get() + discardedStale;
        long count = total - reportedDrops;
        reportedDrops = total;
        lastSeenSequence = Math.max(lastSeenSequence, lastDroppedSequence);
        return new EventsDropped(header(lastSeenSequence), count, total, false);
    }

    /** Counts an event that arrived after a report that already covered its number (delivery task only). */
    private void discardStale() {
        hub.countSubscriberDrops(1);
        if (reportsDrops) {
            discardedStale++;
        }
    }

    private EventHeader header(long sequence) {
        long now = System.nanoTime();
        return new EventHeader(sequence, now, hub.clock().epochMillis(now), EventHeader.DEVICE, DELIVERY);
    }

    private boolean dropsPending() {
        return reportsDrops && (bufferDropsPending() || intakeDropped.get() != reportedIntakeDrops);
    }

    private boolean bufferDropsPending() {
        return dropped.get() + discardedStale != reportedDrops;
    }

    private boolean finishIfDone() {
        if (done && !hasBuffered() && !dropsPending()) {
            cancelled = true;
            downstream.onComplete();
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "SubscriberChannel[" + type.getSimpleName() + ", " + downstream + "]";
    }
}
