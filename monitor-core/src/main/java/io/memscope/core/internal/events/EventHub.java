package io.memscope.core.internal.events;

import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SampleEvent;
import io.memscope.core.internal.BackgroundThreadErrors;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.exceptions.MissingBackpressureException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.reactivestreams.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries events from the threads that cause them to RxJava subscribers.
 *
 * <p><b>Intake</b> ({@link #record}): one offer into a bounded lock-free multi-producer queue (JCTools
 * {@link MpscArrayQueue}); per-thread order is kept. When the queue is full, {@link OverflowPolicy#LOSSLESS}
 * makes the producer wait, the dropping policies count the event as lost at intake; either way until the drain
 * thread's next round (up to {@value #DRAIN_BATCH} events) producers leave the full queue alone.
 *
 * <p><b>Drain thread</b> ({@code memscope-events}): takes events in batches, numbers them 1, 2, 3, ...
 * without gaps, builds the immutable records, remembers the latest {@link SampleEvent} of each type (for
 * late subscribers to state streams) and hands each batch to every subscriber whose type accepts its events.
 * It naps when idle ({@link IdleStrategy}): producers do not wake it unless the intake is full.
 *
 * <p><b>Delivery</b>: each subscriber has a {@link SubscriberChannel}; after each batch the drain thread schedules
 * the channels it handed events to on the shared, bounded {@link DeliveryPool} ({@code memscope-delivery-N}).
 *
 * <p>Thread-safe. {@link #record} is wait-free unless the policy is lossless and the queue is full.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final int DRAIN_BATCH = 4096;
    private static final Duration CLOSE_FLUSH_LIMIT = Duration.ofSeconds(5);
    private static final long OUT_OF_MEMORY_PAUSE_NANOS = 1_000_000;

    private final OverflowPolicy policy;
    private final int capacity;
    private final MpscArrayQueue<PendingEvent> intake;
    private final HubClock clock = new HubClock();
    private final List<SubscriberChannel<?>> channels = new CopyOnWriteArrayList<>();
    /** Latest sample of each type; guarded by {@link #publishLock}. */
    private final Map<Class<?>, MemoryEvent> latestSamples = new HashMap<>();
    private final Object publishLock = new Object();
    /**
     * Held while {@link #channels} changes together with the flags derived from it, so a cancel racing a subscribe
     * cannot leave the flags describing an older list; brief, never held while waiting, so cancel stays prompt.
     */
    private final Object channelsLock = new Object();
    private final AtomicLong intakeDrops = new AtomicLong();
    private final AtomicLong subscriberDrops = new AtomicLong();
    private final Thread drainThread;
    private final IdleStrategy drainIdle;
    private volatile boolean hasSubscribers;
    private volatile boolean hasAllocationSubscribers;
    private volatile boolean closing;
    /**
     * Set by a producer whose offer failed, cleared by the drain thread at the start of each round: while set,
     * producers do not touch the queue (lossless ones wait, dropping ones count a drop).
     */
    private volatile boolean intakeFull;
    private volatile boolean closed;
    /** Drain-thread state. */
    private long sequence;
    private long reportedIntakeDrops;

    public EventHub(String name, OverflowPolicy policy, int capacity) {
        this.policy = policy;
        this.capacity = capacity;
        this.intake = new MpscArrayQueue<>(capacity);
        this.drainThread = new Thread(this::drainLoop, "memscope-events-" + name);
        drainThread.setDaemon(true);
        drainThread.setUncaughtExceptionHandler(BackgroundThreadErrors.HANDLER);
        this.drainIdle = new IdleStrategy(drainThread);
        drainThread.start();
    }

    public OverflowPolicy policy() {
        return policy;
    }

    public HubClock clock() {
        return clock;
    }

    /** Whether anyone subscribes: one volatile read. */
    public boolean hasSubscribers() {
        return hasSubscribers;
    }

    /** Whether any subscriber's type accepts allocation events: one volatile read, checked on the hot path. */
    public boolean hasAllocationSubscribers() {
        return hasAllocationSubscribers;
    }

    // ------------------------------------------------------------------------------------------------ intake

    /**
     * Records one event. Cost: one queue offer; the drain thread is not woken (it naps at most 1 ms), so
     * producers never pay a system call while the queue has room. Lossless and full: waits for room. After
     * {@link #close()}: ignored.
     */
    public void record(PendingEvent event) {
        if (!intakeFull) {
            if (intake.offer(event)) {
                return;
            }
            intakeFull = true; // once per full spell, not per event: a volatile store fences
        }
        if (closing) {
            return;
        }
        if (policy != OverflowPolicy.LOSSLESS) {
            intakeDrops.incrementAndGet();
            wakeDrain();
            return;
        }
        waitToOffer(event);
    }

    /**
     * Lossless and full: waits until the drain thread has taken a round of events, then offers again. Waiting
     * producers read only {@link #intakeFull}, never the queue: producers retrying offers on a full queue read
     * its consumer index each time, so every index update of the drain thread became a cache miss, and the drain
     * slowed to a quarter of its speed (h100: 4 M events/s).
     */
    private void waitToOffer(PendingEvent event) {
        Backoff backoff = new Backoff();
        while (true) {
            wakeDrain();
            while (intakeFull) {
                if (closing) {
                    return;
                }
                backoff.pause();
            }
            if (intake.offer(event)) {
                return;
            }
            intakeFull = true;
        }
    }

    private void wakeDrain() {
        drainIdle.wake();
    }

    /** Events lost at intake, plus events evicted from subscribers' buffers (each counted once per subscriber). */
    public long droppedCount() {
        return intakeDrops.get() + subscriberDrops.get();
    }

    void countSubscriberDrops(long count) {
        subscriberDrops.addAndGet(count);
    }

    /**
     * Events waiting in the intake queue and in all subscribers' buffers (including the batch each is
     * delivering): bounded by capacity × (1 + 2 × subscribers).
     */
    public long bufferedCount() {
        long buffered = intake.size();
        for (SubscriberChannel<?> channel : channels) {
            buffered += channel.buffered();
        }
        return buffered;
    }

    /**
     * Waits until every event recorded before this call has been numbered by the drain thread (the intake is
     * empty and no batch is being numbered), then returns the number of the last event numbered. A caller that
     * holds the lock its producers record under thereby gets a number {@code S} such that its state reflects
     * exactly the events numbered {@code <= S}. Cost: one brief hold of the publish lock per check, spinning and
     * parking between checks (up to about 1 ms each) while the drain thread catches up.
     *
     * @throws IllegalStateException if the intake is not empty after {@code timeout} (a lossless subscriber
     *     that takes nothing holds the drain thread)
     */
    public long awaitNumbered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Backoff backoff = new Backoff();
        while (true) {
            synchronized (publishLock) {
                if (intake.isEmpty() || closed) {
                    return sequence;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("memscope's event hub did not number its intake within " + timeout);
            }
            wakeDrain();
            backoff.pause();
        }
    }

    // ------------------------------------------------------------------------------------------------- drain

    private void drainLoop() {
        MemoryEvent[] batch = new MemoryEvent[Math.min(DRAIN_BATCH, capacity)]; // a batch never exceeds a buffer
        while (true) {
            try {
                if (!drainRound(batch)) {
                    return;
                }
            } catch (OutOfMemoryError e) {
                // The Java heap ran out, most likely in another thread. What this round held is lost and reported
                // as dropped; the drain goes on, so producers never wait on a dead thread and the JVM's own error
                // handling is left to the thread that ran out.
                Arrays.fill(batch, null);
                intakeDrops.incrementAndGet();
                LockSupport.parkNanos(OUT_OF_MEMORY_PAUSE_NANOS);
            }
        }
    }

    /** One round of the drain thread; false once the hub is closed and everything was handed over. */
    private boolean drainRound(MemoryEvent[] batch) {
        boolean finishing = closing;
        if (intakeFull) {
            intakeFull = false; // read first: producers read this line on every record
        }
        int drained;
        synchronized (publishLock) {
            reportIntakeDrops();
            drained = drainInto(batch);
            if (drained > 0) {
                deliver(batch, drained);
            }
        }
        if (drained > 0) {
            drainIdle.reset();
            return true;
        }
        if (finishing) {
            synchronized (publishLock) {
                reportIntakeDrops();
                channels.forEach(SubscriberChannel::complete);
                channels.clear();
                closed = true;
            }
            return false;
        }
        drainIdle.idle(() -> !intake.isEmpty() || closing || intakeFull || intakeDrops.get() != reportedIntakeDrops);
        return true;
    }

    private void reportIntakeDrops() {
        long drops = intakeDrops.get();
        if (drops != reportedIntakeDrops) {
            long count = drops - reportedIntakeDrops;
            reportedIntakeDrops = drops;
            for (SubscriberChannel<?> channel : channels) {
                channel.addIntakeDrops(count);
            }
        }
    }

    /** Takes up to a batch from the intake, numbering and completing each event. Drain thread only. */
    private int drainInto(MemoryEvent[] batch) {
        int n = 0;
        while (n < batch.length) {
            PendingEvent pending = intake.relaxedPoll();
            if (pending == null) {
                break;
            }
            MemoryEvent event;
            try {
                event = pending.complete(sequence + 1, clock);
            } catch (RuntimeException e) {
                LOG.error("could not build memory event from {}; skipped", pending, e);
                continue;
            }
            sequence++;
            if (event instanceof SampleEvent) {
                latestSamples.put(event.getClass(), event);
            }
            batch[n++] = event;
        }
        return n;
    }

    /** Hands one batch to every subscriber: one queue offer per subscriber and batch, not per event. */
    private void deliver(MemoryEvent[] batch, int n) {
        for (SubscriberChannel<?> channel : channels) {
            MemoryEvent[] mine = channel.select(batch, n);
            if (mine.length == 0) {
                continue;
            }
            if (!channel.offer(mine)) {
                offerLosslessly(channel, mine);
            }
            channel.signal();
        }
        Arrays.fill(batch, 0, n, null);
    }

    /** Lossless policy, full buffer: wait for the subscriber (bounded while closing). */
    private void offerLosslessly(SubscriberChannel<?> channel, MemoryEvent[] events) {
        Backoff backoff = new Backoff();
        long giveUpAt = 0;
        while (!channel.offer(events)) {
            channel.signal();
            if (channel.takesNoMore()) {
                return;
            }
            if (closing) {
                long now = System.nanoTime();
                if (giveUpAt == 0) {
                    giveUpAt = now + CLOSE_FLUSH_LIMIT.toNanos();
                } else if (now - giveUpAt > 0) {
                    LOG.warn("{} did not take events for {} while closing; dropping the rest", channel, CLOSE_FLUSH_LIMIT);
                    channel.fail(new MissingBackpressureException("memscope's event hub closed while this lossless "
                            + "subscriber had taken no events for " + CLOSE_FLUSH_LIMIT + "; the rest were dropped"));
                    return;
                }
            }
            backoff.pause();
        }
    }

    // ----------------------------------------------------------------------------------------- subscription

    /**
     * A hot stream of the events of {@code type}. With {@code replayLatestSample}, a subscriber first gets
     * the latest sample of that type, if any. Subscribing after {@link #close()} completes at once.
     */
    public <T extends MemoryEvent> Flowable<T> stream(Class<T> type, boolean replayLatestSample) {
        return new Flowable<>() {
            @Override
            protected void subscribeActual(Subscriber<? super T> subscriber) {
                EventHub.this.attach(subscriber, type, replayLatestSample);
            }
        };
    }

    private <T extends MemoryEvent> void attach(Subscriber<? super T> subscriber, Class<T> type, boolean replay) {
        SubscriberChannel<T> channel = new SubscriberChannel<>(this, subscriber, type, policy, capacity,
                DeliveryPool.shared());
        subscriber.onSubscribe(channel);
        synchronized (publishLock) {
            if (closed) {
                channel.complete();
                return;
            }
            if (channel.isCancelled()) {
                return; // cancelled in onSubscribe
            }
            if (replay) {
                MemoryEvent[] latest = latestSamples.values().stream().filter(channel::accepts)
                        .sorted(Comparator.comparingLong(MemoryEvent::sequence)).toArray(MemoryEvent[]::new);
                if (latest.length > 0) {
                    channel.offer(latest);
                }
            }
            synchronized (channelsLock) {
                channels.add(channel);
                updateFlags();
            }
        }
        channel.signal(); // delivers the replayed sample, or a cancel that came meanwhile
    }

    void remove(SubscriberChannel<?> channel) {
        synchronized (channelsLock) {
            channels.remove(channel);
            updateFlags();
        }
    }

    private void updateFlags() {
        hasSubscribers = !channels.isEmpty();
        hasAllocationSubscribers = channels.stream().anyMatch(c -> c.acceptsType(AllocationCreated.class));
    }

    /** Current number of subscribers. */
    public int subscriberCount() {
        return channels.size();
    }

    /**
     * Publishes what was recorded, completes every subscriber once its buffer is delivered, and stops the
     * drain thread. Lossless subscribers get up to 5 s to take what is left; one that takes nothing for that long
     * loses the rest and gets {@code onError(MissingBackpressureException)} instead of {@code onComplete}. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(drainThread);
        if (Thread.currentThread() == drainThread) {
            return;
        }
        try {
            drainThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
