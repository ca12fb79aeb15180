package io.memscope.core.internal.jfr;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which allocations get a {@code memscope.AllocationSite} event (their call stack), as the value of the event's
 * {@code select} setting: {@code all}, {@code 1/N} (one allocation in N of a core, chosen as if at random: see
 * {@link #accepts}), {@code tag:A,B} (allocations of those facade tags), or both joined by {@code +}
 * ({@code tag:texture+1/16}: every texture allocation and one in 16 of the others); {@code none} records nothing.
 *
 * <p>Immutable; thread-safe. {@link #accepts} is O(1).
 *
 * @param every record one allocation in this many ({@code 1} = all); 0 = none by number
 * @param tags tags whose allocations are always recorded
 */
public record SiteSelection(int every, Set<String> tags) {
    /** Every allocation. */
    public static final SiteSelection ALL = new SiteSelection(1, Set.of());
    /** No allocation. */
    public static final SiteSelection NONE = new SiteSelection(0, Set.of());
    private static final Pattern SAMPLED = Pattern.compile("1/([0-9]{1,9})");

    public SiteSelection {
        if (every < 0) {
            throw new IllegalArgumentException("every must be >= 0: " + every);
        }
        tags = Set.copyOf(new TreeSet<>(tags));
    }

    /**
     * Whether the allocation numbered {@code ordinal} (1, 2, 3 ... per core) with {@code tag} is recorded. {@code 1/N}
     * takes the allocations whose <em>scrambled</em> number (SplitMix64's finaliser) is divisible by N: one in N on
     * average, spread like a random choice, so the choice cannot fall in step with a workload that allocates in a
     * repeating pattern (taking every N-th number did: a frame loop of 16 allocations sampled 1/16 only ever showed
     * one call site). Deterministic: the same numbers give the same choice.
     */
    public boolean accepts(long ordinal, String tag) {
        return (every > 0 && Long.remainderUnsigned(scramble(ordinal), every) == 0)
                || (!tags.isEmpty() && tags.contains(tag));
    }

    /** SplitMix64's output function: a bijection of {@code long} whose outputs look independent of their inputs. */
    static long scramble(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Parses a setting value (see the class comment; case-insensitive keywords, tags as written).
     *
     * @throws IllegalArgumentException naming the value and the forms accepted
     */
    public static SiteSelection parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw bad(value);
        }
        int every = 0;
        Set<String> tags = new TreeSet<>();
        for (String part : text.split("\\+", -1)) {
            String p = part.strip();
            String lower = p.toLowerCase(Locale.ROOT);
            Matcher m = SAMPLED.matcher(lower);
            if (lower.equals("all")) {
                every = 1;
            } else if (lower.equals("none") && text.equals(p)) {
                return NONE;
            } else if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                if (n < 1) {
                    throw bad(value);
                }
                every = every == 0 ? n : gcd(every, n);
            } else if (lower.startsWith("tag:")) {
                String list = p.substring(4);
                for (String tag : list.split(",", -1)) {
                    if (tag.isBlank()) {
                        throw bad(value);
                    }
                    tags.add(tag.strip());
                }
            } else {
                throw bad(value);
            }
        }
        return new SiteSelection(every, tags);
    }

    private static IllegalArgumentException bad(String value) {
        return new IllegalArgumentException("'" + value + "' is not a call-stack selection: use all, 1/N (one allocation "
                + "in N, N >= 1), tag:A,B (those tags), both joined by + (tag:texture+1/16), or none");
    }

    /**
     * The union of several recordings' selections (JFR combines the settings of every running recording): an
     * allocation recorded by any of them is recorded. Sampling rates combine to their greatest common divisor, which
     * records every allocation each of them would (and perhaps more).
     */
    public static SiteSelection union(Collection<SiteSelection> selections) {
        int every = 0;
        Set<String> tags = new TreeSet<>();
        for (SiteSelection s : selections) {
            if (s.every > 0) {
                every = every == 0 ? s.every : gcd(every, s.every);
            }
            tags.addAll(s.tags);
        }
        return new SiteSelection(every, tags);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The setting value, {@link #parse} reads it back. */
    @Override
    public String toString() {
        if (every == 0 && tags.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        if (!tags.isEmpty()) {
            out.append("tag:").append(String.join(",", new TreeSet<>(tags)));
        }
        if (every > 0) {
            if (out.length() > 0) {
                out.append('+');
            }
            out.append(every == 1 ? "all" : "1/" + every);
        }
        return out.toString();
    }
}
