package io.memscope.export.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Strings of a capture stored once each (tags, thread names, allocation names), referred to by number; {@code -1}
 * stands for {@code null}. Built by one thread, then read-only.
 */
final class StringTable {
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    /** The last strings looked up, by identity: decoded batches repeat the same instances (tags, threads). */
    private final String[] recent = new String[4];
    private final int[] recentNumbers = new int[4];
    private int nextRecent;

    /** The number of {@code s}, adding it if new. */
    int number(@Nullable String s) {
        if (s == null) {
            return -1;
        }
        for (int i = 0; i < recent.length; i++) {
            if (recent[i] == s) {
                return recentNumbers[i];
            }
        }
        Integer known = numbers.get(s);
        int n;
        if (known != null) {
            n = known;
        } else {
            n = strings.size();
            strings.add(s);
            numbers.put(s, n);
        }
        recent[nextRecent] = s;
        recentNumbers[nextRecent] = n;
        nextRecent = (nextRecent + 1) & 3;
        return n;
    }

    @Nullable String get(int number) {
        return number < 0 ? null : strings.get(number);
    }

    String nonNull(int number) {
        String s = get(number);
        if (s == null) {
            throw new IllegalStateException("string " + number + " is null");
        }
        return s;
    }
}
