package io.memscope.core.internal.events;

import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.reactivex.rxjava3.core.Scheduler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpmcArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's bounded buffer and delivery loop.
 *
 * <p>The hub's drain thread is the only producer ({@link #offer}); the delivery loop runs on a
 * {@link Scheduler.Worker}, so {@code onNext} calls are serialised and never run on the drain thread or an
 * allocating thread. In {@link OverflowPolicy#LOSSLESS} mode {@link #offer} refuses when full and the hub
 * waits; in the dropping modes it evicts the oldest buffered event and counts it.
 */
final class SubscriberChannel<T extends MemoryEvent> implements Subscription, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberChannel.class);

    private final EventHub hub;
    private final Subscriber<? super T> downstream;
    private final Class<T> type;
    private final boolean lossless;
    private final boolean reportsDrops;
    private final MpmcArrayQueue<MemoryEvent> buffer;
    private final Scheduler.Worker worker;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    /** Events evicted from this buffer; written by the drain thread only. */
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastDroppedSequence;
    /** Events the hub lost at intake while this channel existed; written by the drain thread only. */
    private final AtomicLong intakeDropped = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean done;
    /** Delivery-loop state, touched only inside {@link #run()}. */
    private long emitted;
    private long reportedDrops;
    private long reportedIntakeDrops;
    /** The highest sequence number this subscriber has been given or told about. */
    private long lastSeenSequence;

    SubscriberChannel(EventHub hub, Subscriber<? super T> downstream, Class<T> type, OverflowPolicy policy,
                      int capacity, Scheduler.Worker worker) {
        this.hub = hub;
        this.downstream = downstream;
        this.type = type;
        this.lossless = policy == OverflowPolicy.LOSSLESS;
        this.reportsDrops = type.isAssignableFrom(EventsDropped.class);
        this.buffer = new MpmcArrayQueue<>(policy == OverflowPolicy.LATEST ? 2 : capacity);
        this.worker = worker;
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

    /**
     * Buffers {@code event} (drain thread only). Lossless: {@code false} when full, nothing changed.
     * Dropping: always {@code true}, evicting and counting the oldest events while full.
     */
    boolean offer(MemoryEvent event) {
        if (buffer.offer(event)) {
            return true;
        }
        if (lossless) {
            return false;
        }
        do {
            MemoryEvent evicted = buffer.poll();
            if (evicted != null) {
                lastDroppedSequence = Math.max(lastDroppedSequence, evicted.sequence());
                dropped.incrementAndGet();
                hub.countSubscriberDrop();
            }
        } while (!buffer.offer(event));
        return true;
    }

    /**
     * The hub lost {@code count} events at intake (drain thread only); reported to the subscriber ahead of its
     * next event, stamped with the last sequence number the subscriber saw. Never evicted.
     */
    void addIntakeDrops(long count) {
        if (reportsDrops) {
            intakeDropped.addAndGet(count);
        }
    }

    /** Events this subscriber lost to its policy. */
    long droppedCount() {
        return dropped.get();
    }

    int buffered() {
        return buffer.size();
    }

    /** Wakes the delivery loop (after offers, on request, on completion). */
    void signal() {
        if (wip.getAndIncrement() == 0) {
            worker.schedule(this);
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
            cancel();
            downstream.onError(new IllegalArgumentException("§3.9 violated: request must be positive, was " + n));
            return;
        }
        requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n); // capped at "unbounded"
        signal();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            hub.remove(this);
            signal(); // the loop clears the buffer and disposes the worker
        }
    }

    /** The delivery loop: runs on the worker, never concurrently with itself. */
    @Override
    public void run() {
        int missed = 1;
        while (true) {
            if (!deliverWhatIsRequested()) {
                return;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** @return false once the channel is finished (cancelled or completed) */
    private boolean deliverWhatIsRequested() {
        long wanted = requested.get();
        while (true) {
            if (cancelled) {
                buffer.clear();
                worker.dispose();
                return false;
            }
            if (emitted == wanted) {
                wanted = requested.get();
                if (emitted == wanted) {
                    return !finishIfDone();
                }
            }
            boolean finished = done;
            MemoryEvent next = nextEvent();
            if (next == null) {
                return !(finished && finishIfDone());
            }
            try {
                downstream.onNext(type.cast(next));
            } catch (Throwable t) {
                LOG.error("memscope event subscriber {} threw; it is unsubscribed", downstream, t);
                cancel();
                buffer.clear();
                worker.dispose();
                return false;
            }
            emitted++;
        }
    }

    /** Pending drop reports first, then the oldest buffered event; null when there is nothing. */
    private MemoryEvent nextEvent() {
        if (reportsDrops) {
            long intakeTotal = intakeDropped.get();
            if (intakeTotal != reportedIntakeDrops) {
                long count = intakeTotal - reportedIntakeDrops;
                reportedIntakeDrops = intakeTotal;
                return new EventsDropped(header(lastSeenSequence), count, intakeTotal, true);
            }
            long total = dropped.get();
            if (total != reportedDrops) {
                long count = total - reportedDrops;
                reportedDrops = total;
                lastSeenSequence = Math.max(lastSeenSequence, lastDroppedSequence);
                return new EventsDropped(header(lastSeenSequence), count, total, false);
            }
        }
        MemoryEvent next = buffer.poll();
        if (next != null) {
            lastSeenSequence = next.sequence();
        }
        return next;
    }

    private EventHeader header(long sequence) {
        long now = System.nanoTime();
        return new EventHeader(sequence, now, hub.clock().epochMillis(now), EventHeader.DEVICE,
                Thread.currentThread().getName());
    }

    private boolean dropsReported() {
        return dropped.get() == reportedDrops && intakeDropped.get() == reportedIntakeDrops;
    }

    private boolean finishIfDone() {
        if (done && buffer.isEmpty() && (!reportsDrops || dropsReported())) {
            cancelled = true;
            downstream.onComplete();
            worker.dispose();
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "SubscriberChannel[" + type.getSimpleName() + ", " + downstream + "]";
    }
}
