package io.memscope.remote;

import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.processors.BehaviorProcessor;
import io.reactivex.rxjava3.processors.FlowableProcessor;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hot streams of a {@link RemoteMemoryMonitor}: one source of rebuilt events (published by the thread that applies
 * them, never blocking it), and per subscriber a bounded buffer that drops its oldest event when full (counted in
 * {@link #dropped()}), delivered on a shared pool of daemon threads ({@code memscope-remote-delivery-N}, at most 4,
 * idle ones end after 30 s; fair: a subscriber gives its thread up after each batch). Budgets and stats replay the
 * latest sample to a new subscriber; connection states replay the current state and keep only the latest for a slow
 * subscriber.
 */
final class RemoteStreams {
    /** Events observeOn takes from a subscriber's buffer at a time. */
    private static final int PREFETCH = 64;
    private static final Scheduler DELIVERY = Schedulers.from(deliveryPool(), false, true);

    private final int capacity;
    private final LongAdder dropped = new LongAdder();
    private final FlowableProcessor<MemoryEvent> events = PublishProcessor.<MemoryEvent>create().toSerialized();
    private final FlowableProcessor<BudgetSampled> budgets = BehaviorProcessor.<BudgetSampled>create().toSerialized();
    private final FlowableProcessor<StatsSampled> stats = BehaviorProcessor.<StatsSampled>create().toSerialized();
    private final FlowableProcessor<ConnectionState> states;

    RemoteStreams(int capacity, ConnectionState initial) {
        this.capacity = capacity;
        this.states = BehaviorProcessor.createDefault(initial).toSerialized();
    }

    private static ThreadPoolExecutor deliveryPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "memscope-remote-delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Publishes one rebuilt event to every stream that carries it; never blocks. */
    void publish(MemoryEvent event) {
        events.onNext(event);
        if (event instanceof BudgetSampled budget) {
            budgets.onNext(budget);
        } else if (event instanceof StatsSampled sample) {
            stats.onNext(sample);
        }
    }

    void state(ConnectionState state) {
        states.onNext(state);
    }

    /** Ends the event streams: no target will come. */
    void completeEvents() {
        events.onComplete();
        budgets.onComplete();
        stats.onComplete();
    }

    /** Ends the connection-state stream (after the last state). */
    void completeStates() {
        states.onComplete();
    }

    long dropped() {
        return dropped.sum();
    }

    Flowable<MemoryEvent> events() {
        return deliver(events);
    }

    Flowable<AllocationEvent> allocations() {
        return deliver(events.ofType(AllocationEvent.class));
    }

    Flowable<BudgetSampled> budgets() {
        return deliver(budgets);
    }

    Flowable<StatsSampled> stats() {
        return deliver(stats);
    }

    Flowable<ThresholdCrossed> warnings() {
        return deliver(events.ofType(ThresholdCrossed.class));
    }

    Flowable<DefragmentationEvent> defragmentation() {
        return deliver(events.ofType(DefragmentationEvent.class));
    }

    Flowable<ConnectionState> states() {
        return states.onBackpressureLatest().observeOn(DELIVERY, false, 1);
    }

    private <T> Flowable<T> deliver(Flowable<T> source) {
        return source.onBackpressureBuffer(capacity, dropped::increment, BackpressureOverflowStrategy.DROP_OLDEST)
                .observeOn(DELIVERY, false, PREFETCH);
    }
}
