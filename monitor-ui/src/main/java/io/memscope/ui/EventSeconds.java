package io.memscope.ui;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.export.Formats;
import io.memscope.export.HistorySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the history charts' click shows: per wall-clock second of the retention window, the last chart sample in it
 * and a summary of its events (allocations created, freed and moved with their bytes, other events by count, and the
 * first {@value #LISTED} events themselves). Kept in a ring of {@code seconds} entries, so memory is bounded
 * (about 30 events per second kept) whatever the event rate.
 *
 * <p>Thread-safe: {@link #accept} and {@link #sample} from the stream's thread, {@link #describe} from the FX thread;
 * each takes this object's lock for O(1) work ({@link #describe}: O(events listed)).
 */
final class EventSeconds {
    /** Events listed per second at most; the rest are only counted. */
    static final int LISTED = 30;

    private static final class Second {
        long epochSecond = Long.MIN_VALUE;
        long created;
        long freed;
        long moved;
        long bytesCreated;
        long bytesFreed;
        long others;
        final List<MemoryEvent> listed = new ArrayList<>();
        @Nullable HistorySample sample;

        void reset(long second) {
            epochSecond = second;
            created = freed = moved = bytesCreated = bytesFreed = others = 0;
            listed.clear();
            sample = null;
        }
    }

    private final Second[] ring;

    /** Keeps the last {@code seconds} seconds. */
    EventSeconds(int seconds) {
        ring = new Second[Math.max(2, seconds)];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new Second();
        }
    }

    private Second at(long epochSecond) {
        Second s = ring[(int) Math.floorMod(epochSecond, (long) ring.length)];
        if (s.epochSecond != epochSecond) {
            s.reset(epochSecond);
        }
        return s;
    }

    /** Counts {@code event} in its second. O(1). */
    synchronized void accept(MemoryEvent event) {
        if (event instanceof StatsSampled || event instanceof BudgetSampled) {
            return; // their figures come as chart samples
        }
        Second s = at(Math.floorDiv(event.header().epochMillis(), 1000L));
        if (event instanceof AllocationCreated c) {
            s.created++;
            s.bytesCreated += c.allocation().sizeBytes();
        } else if (event instanceof AllocationFreed f) {
            s.freed++;
            s.bytesFreed += f.allocation().sizeBytes();
        } else if (event instanceof AllocationMoved) {
            s.moved++;
        } else {
            s.others++;
        }
        if (s.listed.size() < LISTED) {
            s.listed.add(event);
        }
    }

    /** Keeps {@code sample} as its second's figures (the last one of a second wins). O(1). */
    synchronized void sample(HistorySample sample) {
        at(Math.floorDiv(sample.epochMillis(), 1000L)).sample = sample;
    }

    /** Forgets everything (a capture's history is replayed from its start). */
    synchronized void clear() {
        for (Second s : ring) {
            s.reset(Long.MIN_VALUE);
        }
    }

    /**
     * The second holding {@code epochSeconds} (a chart's time axis value) in words: the figures of its last sample
     * (else of the nearest sample, before it first), the event counts, and the first events.
     */
    synchronized String describe(double epochSeconds) {
        long second = (long) Math.floor(epochSeconds);
        Second s = ring[(int) Math.floorMod(second, (long) ring.length)];
        boolean known = s.epochSecond == second;
        StringBuilder text = new StringBuilder(Formats.time(Instant.ofEpochSecond(second)))
                .append(" (the second clicked)\n");
        HistorySample sample = known ? s.sample : null;
        for (long d = 1; sample == null && d < ring.length; d++) { // else the nearest: before, then after it
            Second earlier = ring[(int) Math.floorMod(second - d, (long) ring.length)];
            sample = earlier.epochSecond == second - d ? earlier.sample : null;
            if (sample == null) {
                Second later = ring[(int) Math.floorMod(second + d, (long) ring.length)];
                sample = later.epochSecond == second + d ? later.sample : null;
            }
        }
        if (sample == null) {
            text.append("Figures: no sample in the history kept.\n");
        } else {
            text.append(String.format(Locale.ROOT, "Figures at %s: used %s, allocated %s, fragmentation %s, usage %s of "
                            + "budget, %s allocations/s, %s/s allocated%n", Formats.time(sample.time()),
                    Formats.bytes(sample.usedBytes()), Formats.bytes(sample.allocatedBytes()),
                    Formats.percent(sample.fragmentationRatio()), Formats.percent(sample.budgetUsageRatio()),
                    Formats.compactNumber(sample.allocationsPerSecond()),
                    Formats.bytes((long) sample.bytesPerSecond())));
        }
        if (!known || s.created + s.freed + s.moved + s.others == 0) {
            return text.append("Events: none in that second.").toString();
        }
        text.append(String.format(Locale.ROOT, "Events: %,d created (%s), %,d freed (%s), %,d moved, %,d other%n",
                s.created, Formats.bytes(s.bytesCreated), s.freed, Formats.bytes(s.bytesFreed), s.moved, s.others));
        long total = s.created + s.freed + s.moved + s.others;
        text.append(total > s.listed.size() ? "The first " + s.listed.size() + ":\n" : "");
        for (MemoryEvent e : s.listed) {
            text.append("  ").append(line(e)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static String line(MemoryEvent e) {
        String time = Formats.time(e.time());
        if (e instanceof AllocationEvent a) {
            AllocationInfo info = a.allocation();
            String what = e instanceof AllocationCreated ? "created" : e instanceof AllocationFreed ? "freed" : "moved";
            return time + "  " + what + " " + info.tag() + " · " + (info.name() == null ? "#" + info.id() : info.name())
                    + " · " + info.kind().name().toLowerCase(Locale.ROOT) + " · " + Formats.bytes(info.sizeBytes());
        }
        return time + "  " + e.getClass().getSimpleName();
    }
}
