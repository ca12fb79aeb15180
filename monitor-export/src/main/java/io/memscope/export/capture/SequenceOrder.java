package io.memscope.export.capture;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The order that sorts events by sequence number and drops repeated numbers (the first one read stays). */
final class SequenceOrder {
    private SequenceOrder() {
    }

    /**
     * Indexes into {@code sequence[0, size)} in ascending sequence order, each number once; {@code null} if the
     * events are in order already without repeats. O(size + range) when the numbers are dense (the usual case: one
     * hub numbers them 1, 2, 3, ...), O(size log size) otherwise.
     */
    static int @Nullable [] of(long[] sequence, int size) {
        boolean ordered = true;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            long s = sequence[i];
            if (i > 0 && s <= sequence[i - 1]) {
                ordered = false;
            }
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        if (ordered) {
            return null;
        }
        long range = max - min + 1;
        if (range > 0 && range <= 2L * size + 1024) {
            int[] slot = new int[(int) range];
            Arrays.fill(slot, -1);
            for (int i = 0; i < size; i++) {
                int k = (int) (sequence[i] - min);
                if (slot[k] < 0) {
                    slot[k] = i;
                }
            }
            int n = 0;
            for (int k = 0; k < slot.length; k++) {
                if (slot[k] >= 0) {
                    slot[n++] = slot[k];
                }
            }
            return Arrays.copyOf(slot, n);
        }
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> a.equals(b) ? 0 : sequence[a] != sequence[b]
                ? Long.compare(sequence[a], sequence[b]) : Integer.compare(a, b));
        int n = 0;
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            int index = boxed[i];
            if (n == 0 || sequence[out[n - 1]] != sequence[index]) {
                out[n++] = index;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
