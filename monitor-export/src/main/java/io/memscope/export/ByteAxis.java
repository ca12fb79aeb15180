package io.memscope.export;

/**
 * A bytes axis from 0 up in round binary steps, so that its ticks read "0 B, 256 MiB, 512 MiB, 768 MiB, 1 GiB"
 * rather than "246.4, 492.8, 739.2 MiB": the step is a power of two bytes (1 KiB at least), and the axis ends
 * on a whole number of steps, at most {@link #MAX_STEPS}, at or above 5 % over the largest value.
 *
 * <p>An XY chart plots {@link #toSteps values in steps} on an axis from 0 to {@link #steps}, so that the
 * library's decimal grid (ticks at 1, 2 or 5 times a power of ten) falls on whole steps, and labels a tick
 * {@code v} with {@link #label label(v)}.
 *
 * <p>Immutable; thread-safe. Cost: O(1).
 *
 * @param stepBytes bytes per step, a power of two
 * @param steps steps from 0 to the top of the axis, 1 to {@link #MAX_STEPS}
 */
record ByteAxis(long stepBytes, int steps) {
    /** The most steps an axis has (ticks at 0 and each step: seven labels at most). */
    static final int MAX_STEPS = 6;
    private static final long MIN_TOP_BYTES = 1L << 20;
    private static final long MIN_STEP_BYTES = 1L << 10;

    ByteAxis {
        if (Long.bitCount(stepBytes) != 1 || steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("step " + stepBytes + " B, " + steps + " steps");
        }
    }

    /** The axis for values up to {@code maxBytes} (1 MiB at least, so an empty chart still has a scale). */
    static ByteAxis covering(double maxBytes) {
        double top = Math.max(MIN_TOP_BYTES, maxBytes * 1.05);
        long step = MIN_STEP_BYTES;
        while (top / step > MAX_STEPS) {
            step <<= 1;
        }
        return new ByteAxis(step, (int) Math.ceil(top / step));
    }

    /** {@code bytes} in steps of this axis. */
    double toSteps(double bytes) {
        return bytes / stepBytes;
    }

    /** The top of the axis in bytes. */
    long topBytes() {
        return stepBytes * steps;
    }

    /** The label of a tick {@code stepsFromZero} steps up: {@link Formats#compactBytes}. */
    String label(double stepsFromZero) {
        return Formats.compactBytes(Math.round(stepsFromZero * stepBytes));
    }
}
