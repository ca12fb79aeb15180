package io.memscope.core.internal.events;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a consumer thread (the hub's drain thread, a subscriber's delivery thread) waits for work. It never
 * spins: a consumer polling a queue line that producers write would make every producer store a cache miss,
 * which costs the allocating thread more than the event itself. Instead it sleeps in short naps (50 µs,
 * then 1 ms once idle for about a millisecond), so producers fill whole cache lines undisturbed and the
 * consumer takes them in batches. Latency: at most about 1 ms. Producers wake a sleeping consumer only
 * when they must (intake full, close, subscription changes): {@link #wake} is one volatile read otherwise.
 *
 * <p>One instance per consumer thread; {@link #wake} is thread-safe.
 */
final class IdleStrategy {
    private static final long SHORT_NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONG_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int SHORT_NAPS = 20;

    private final Thread owner;
    private volatile boolean parked;
    private int idleRounds;

    IdleStrategy(Thread owner) {
        this.owner = owner;
    }

    /** Called by the owner after a round that found no work; {@code hasWork} is re-checked before sleeping. */
    void idle(java.util.function.BooleanSupplier hasWork) {
        idleRounds++;
        parked = true;
        try {
            if (!hasWork.getAsBoolean()) {
                LockSupport.parkNanos(this, idleRounds <= SHORT_NAPS ? SHORT_NAP_NANOS : LONG_NAP_NANOS);
            }
        } finally {
            parked = false;
        }
    }

    /** Called by the owner after a round that did work. */
    void reset() {
        idleRounds = 0;
    }

    /** Wakes the owner if it sleeps: one volatile read otherwise. */
    void wake() {
        if (parked) {
            LockSupport.unpark(owner);
        }
    }
}
