package io.memscope.export.capture;

import java.util.Arrays;

/**
 * A map from {@code long} keys to {@code int} values without boxing (open addressing, linear probing, deletion by
 * backward shift), for the reader's per-event lookups of millions of allocation ids. {@code -1} means absent, so
 * values must be {@code >= 0}. Not thread-safe.
 */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;
    private boolean hasEmptyKey;
    private int emptyKeyValue = -1;

    LongIntMap() {
        keys = new long[1024];
        values = new int[1024];
        Arrays.fill(keys, EMPTY);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (keys.length - 1);
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
        if (key == EMPTY) {
            return hasEmptyKey ? emptyKeyValue : -1;
        }
        for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    /** Sets {@code key} to {@code value} ({@code >= 0}); returns the value before, or -1. */
    int put(long key, int value) {
        if (key == EMPTY) {
            int old = hasEmptyKey ? emptyKeyValue : -1;
            hasEmptyKey = true;
            emptyKeyValue = value;
            return old;
        }
        if ((size + 1) * 4L > keys.length * 3L) {
            rehash(keys.length * 2);
        }
        for (int i = slot(key); ; i = (i + 1) & (keys.length - 1)) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return -1;
            }
        }
    }

    /** Removes {@code key}; returns its value, or -1. */
    int remove(long key) {
        if (key == EMPTY) {
            int old = hasEmptyKey ? emptyKeyValue : -1;
            hasEmptyKey = false;
            return old;
        }
        int mask = keys.length - 1;
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == EMPTY) {
                return -1;
            }
            if (k == key) {
                int old = values[i];
                shiftBack(i, mask);
                size--;
                return old;
            }
        }
    }

    /** Closes the hole at {@code hole} by moving later entries of the probe run back into it. */
    private void shiftBack(int hole, int mask) {
        int gap = hole;
        for (int i = (gap + 1) & mask; keys[i] != EMPTY; i = (i + 1) & mask) {
            int home = slot(keys[i]);
            if (((i - home) & mask) >= ((i - gap) & mask)) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        keys[gap] = EMPTY;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        size = 0;
        hasEmptyKey = false;
    }
}
