package io.memscope.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link System#nanoTime()} reading refreshed about every millisecond by one daemon thread per JVM, so
 * hot paths can time-stamp with a volatile read instead of a clock call. Precision: about 1 ms (never
 * ahead of the real clock). The thread starts on first use.
 */
public final class CoarseClock {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static volatile long now = System.nanoTime();

    static {
        Thread ticker = new Thread(CoarseClock::tick, "memscope-coarse-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    private CoarseClock() {
    }

    /** The last tick's {@code System.nanoTime()}; at most about 1 ms old. */
    public static long nanoTime() {
        return now;
    }

    private static void tick() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            now = System.nanoTime();
        }
    }
}
