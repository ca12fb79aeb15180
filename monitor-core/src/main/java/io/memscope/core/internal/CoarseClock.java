package io.memscope.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link System#nanoTime()} reading refreshed about every millisecond by one daemon thread per JVM, so
 * hot paths can time-stamp with a volatile read instead of a clock call. Precision: about 1 ms while the ticker
 * thread gets the CPU; on a machine starved of CPU it can lag by as long as the ticker waits to run (measured: over
 * 5 ms on a loaded 2-core VM), and events in that stretch share one stamp (never
 * ahead of the real clock); sequence numbers still order them. The thread starts on first use.
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

    /** The last tick's {@code System.nanoTime()}; about 1 ms old at most unless the ticker is starved of CPU. */
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
