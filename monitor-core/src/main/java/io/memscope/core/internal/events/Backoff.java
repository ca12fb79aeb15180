package io.memscope.core.internal.events;

import java.util.concurrent.locks.LockSupport;

/** Spin, then yield, then park in growing steps up to 1 ms. Not thread-safe: one per waiting loop. */
final class Backoff {
    private int rounds;

    void pause() {
        rounds++;
        if (rounds < 64) {
            Thread.onSpinWait();
        } else if (rounds < 80) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(10, rounds - 80)));
        }
    }

    void reset() {
        rounds = 0;
    }
}
