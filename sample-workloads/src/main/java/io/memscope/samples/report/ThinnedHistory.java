package io.memscope.samples.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A history of at most {@code capacity} entries that still spans the whole run: while there is room every entry is
 * kept; when it is full every other kept entry is dropped and from then on only every 2nd (later 4th, 8th, ...)
 * offered entry is kept. The kept entries are always the offered ones whose index is a multiple of
 * {@link #stride()}, so they stay evenly spaced. Memory is bounded however long the run; resolution halves each
 * time the run doubles in length beyond {@code capacity} entries.
 *
 * <p>Not thread-safe.
 *
 * @param <T> entry type
 */
final class ThinnedHistory<T> {
    private final int capacity;
    private final List<T> kept;
    private long stride = 1;
    private long offered;

    /** @param capacity entries kept at most; even and at least 2 */
    ThinnedHistory(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and >= 2, was " + capacity);
        }
        this.capacity = capacity;
        this.kept = new ArrayList<>(Math.min(capacity, 1024));
    }

    void add(T entry) {
        if (offered++ % stride != 0) {
            return;
        }
        if (kept.size() == capacity) {
            // kept holds offered indices 0, s, 2s, ... (capacity - 1)s; this entry is capacity·s, a multiple of 2s
            for (int i = 0; i < capacity / 2; i++) {
                kept.set(i, kept.get(2 * i));
            }
            kept.subList(capacity / 2, capacity).clear();
            stride *= 2;
        }
        kept.add(entry);
    }

    /** The kept entries, oldest first (a copy). */
    List<T> toList() {
        return List.copyOf(kept);
    }

    int size() {
        return kept.size();
    }

    /** Entries offered so far, kept or not. */
    long offered() {
        return offered;
    }

    /** Every how many offered entries one is kept now. */
    long stride() {
        return stride;
    }
}
