package io.memscope.samples.workloads;

import io.memscope.core.Allocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The pressure workload's resources in memory, kept in eviction order: lowest priority first, and within a priority
 * the least recently used first (then the oldest id). Not thread-safe.
 *
 * <p>Cost: {@link #add}, {@link #touch}, {@link #remove} and {@link #nextVictim} O(log n);
 * {@link #audit()} O(n): it finds the lowest priority and its least recent use by scanning, a second way to the
 * answer {@link #nextVictim} gives, which each eviction records for the tests.
 */
final class ResidentSet {
    /** One resource: its allocation, its priority, the frame it was last used in. */
    static final class Resident {
        final long id;
        final Allocation allocation;
        final float priority;
        final boolean small;
        int lastUsed;
        /** Its place in the set's list, -1 when not in the set. */
        int slot = -1;

        Resident(long id, Allocation allocation, float priority, boolean small, int lastUsed) {
            this.id = id;
            this.allocation = allocation;
            this.priority = priority;
            this.small = small;
            this.lastUsed = lastUsed;
        }
    }

    /** What the set held when a victim was chosen: the lowest priority present, and the oldest use at it. */
    record Audit(float lowestPriority, int oldestUseAtLowestPriority) {
    }

    private static final Comparator<Resident> EVICTION_ORDER = Comparator.<Resident>comparingDouble(r -> r.priority)
            .thenComparingInt(r -> r.lastUsed).thenComparingLong(r -> r.id);

    private final NavigableSet<Resident> order = new TreeSet<>(EVICTION_ORDER);
    /** For picking random residents: removal moves the last one into the gap. */
    private final List<Resident> list = new ArrayList<>();
    private long bytes;

    void add(Resident resident) {
        order.add(resident);
        resident.slot = list.size();
        list.add(resident);
        bytes += resident.allocation.getSize();
    }

    /** Marks {@code resident} used in {@code frame}. */
    void touch(Resident resident, int frame) {
        if (resident.lastUsed != frame) {
            order.remove(resident);
            resident.lastUsed = frame;
            order.add(resident);
        }
    }

    void remove(Resident resident) {
        if (resident.slot < 0) {
            return;
        }
        order.remove(resident);
        int at = resident.slot;
        resident.slot = -1;
        Resident last = list.remove(list.size() - 1);
        if (last != resident) {
            list.set(at, last);
            last.slot = at;
        }
        bytes -= resident.allocation.getSize();
    }

    /** The next to evict: lowest priority, least recently used; null when empty. */
    @Nullable Resident nextVictim() {
        return order.isEmpty() ? null : order.first();
    }

    /** The lowest priority present and the oldest last use among the residents of that priority, by a full scan. */
    Audit audit() {
        float lowest = Float.MAX_VALUE;
        int oldest = Integer.MAX_VALUE;
        for (Resident r : list) {
            if (r.priority < lowest) {
                lowest = r.priority;
                oldest = r.lastUsed;
            } else if (r.priority == lowest) {
                oldest = Math.min(oldest, r.lastUsed);
            }
        }
        return new Audit(lowest, oldest);
    }

    /** A resident chosen uniformly at random among those {@code small} (block-placed) ones; null if none. */
    @Nullable Resident randomSmall(Random random) {
        for (int tries = 0; tries < 16 && !list.isEmpty(); tries++) {
            Resident r = list.get(random.nextInt(list.size()));
            if (r.small) {
                return r;
            }
        }
        return null;
    }

    List<Resident> all() {
        return list;
    }

    int size() {
        return list.size();
    }

    /** Bytes the residents asked for. */
    long bytes() {
        return bytes;
    }
}
