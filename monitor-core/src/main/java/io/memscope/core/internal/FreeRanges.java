package io.memscope.core.internal;

/**
 * Accumulates the free ranges of memory blocks and derives memscope's fragmentation figure from them.
 *
 * <p><b>Definition.</b> For free-range sizes {@code U1..Un} (bytes),
 * {@code fragmentation = 1 - sqrt(sum(Ui^2)) / sum(Ui)}, the metric of Adam Sawicki (VMA's author),
 * "A Metric for Memory Fragmentation" (2022). It is {@code 0} when all free memory is one range (or there
 * is none) and approaches {@code 1 - 1/sqrt(n)} when free memory is split into {@code n} equal ranges.
 * Unlike {@code 1 - largest/total} it reacts to every split, not only to the largest range.
 *
 * <p>Not thread-safe: one instance per computation. Cost O(1) per range.
 */
public final class FreeRanges {
    private long count;
    private long totalBytes;
    private long largestBytes;
    private double sumOfSquares;

    /** Adds one free range of {@code bytes}; non-positive sizes are ignored. */
    public void add(long bytes) {
        if (bytes <= 0) {
            return;
        }
        count++;
        totalBytes += bytes;
        largestBytes = Math.max(largestBytes, bytes);
        double b = bytes;
        sumOfSquares += b * b;
    }

    /** Forgets every range. */
    public void clear() {
        count = 0;
        totalBytes = 0;
        largestBytes = 0;
        sumOfSquares = 0;
    }

    /** Adds every range of {@code other}. */
    public void addAll(FreeRanges other) {
        count += other.count;
        totalBytes += other.totalBytes;
        largestBytes = Math.max(largestBytes, other.largestBytes);
        sumOfSquares += other.sumOfSquares;
    }

    public long count() {
        return count;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long largestBytes() {
        return largestBytes;
    }

    /** The fragmentation in {@code [0, 1)} as defined above; {@code 0} when there is no free memory. */
    public double fragmentation() {
        if (totalBytes == 0) {
            return 0.0;
        }
        double value = 1.0 - Math.sqrt(sumOfSquares) / totalBytes;
        return Math.max(0.0, value);
    }
}
