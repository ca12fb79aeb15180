package io.memscope.core.internal.events;

/**
 * Converts {@link System#nanoTime()} readings to wall-clock milliseconds, from one pair of readings taken
 * together at construction. Immutable; thread-safe; O(1).
 */
public final class HubClock {
    private final long epochMillisAtStart = System.currentTimeMillis();
    private final long nanosAtStart = System.nanoTime();

    /** Wall-clock milliseconds since the epoch of a {@code System.nanoTime()} reading. */
    public long epochMillis(long nanoTime) {
        return epochMillisAtStart + Math.floorDiv(nanoTime - nanosAtStart, 1_000_000L);
    }
}
