package io.memscope.core.internal.events;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a consumer thread (the hub's drain thread, a subscriber's delivery thread) waits for work without
 * making producers pay a wake-up system call per event: spin briefly, then yield, then park, announcing the
 * park in {@link #isParked()} so a producer unparks only a thread that really sleeps (Dekker: the consumer
 * stores the flag then re-checks for work; the producer publishes work then reads the flag).
 *
 * <p>One instance per consumer thread; {@link #isParked()} and {@link #wake} are thread-safe.
 */
final class IdleStrategy {
    private static final int SPINS = 256;
    private static final int YIELDS = 64;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Thread owner;
    private volatile boolean parked;
    private int idleRounds;

    IdleStrategy(Thread owner) {
        this.owner = owner;
    }

    /** Called by the owner after a round that found no work; {@code hasWork} is re-checked before parking. */
    void idle(java.util.function.BooleanSupplier hasWork) {
        idleRounds++;
        if (idleRounds <= SPINS) {
            Thread.onSpinWait();
        } else if (idleRounds <= SPINS + YIELDS) {
            Thread.yield();
        } else {
            parked = true;
            try {
                if (!hasWork.getAsBoolean()) {
                    LockSupport.parkNanos(this, MAX_PARK_NANOS);
                }
            } finally {
                parked = false;
            }
        }
    }

    /** Called by the owner after a round that did work. */
    void reset() {
        idleRounds = 0;
    }

    boolean isParked() {
        return parked;
    }

    /** Wakes the owner if it is parked: one volatile read otherwise. */
    void wake() {
        if (parked) {
            LockSupport.unpark(owner);
        }
    }
}
