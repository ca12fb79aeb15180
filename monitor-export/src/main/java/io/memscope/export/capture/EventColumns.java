package io.memscope.export.capture;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.MemoryEvent;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * One core's memory events as columns: allocations, frees and moves as numbers and rows of an
 * {@link AllocationTable} (41 bytes an event), the rarer samples, snapshots, thresholds and others as objects.
 * Appended in file order, then {@link #sortBySequence()} puts them in sequence order without duplicates.
 * {@link #view()} shows them as {@link MemoryEvent}s, built on each access. Built by one thread, then read-only.
 */
final class EventColumns {
    static final byte CREATED = 0;
    static final byte FREED = 1;
    static final byte MOVED = 2;
    static final byte OTHER = 3;

    private final AllocationTable rows;
    private final StringTable strings;
    private final List<MemoryEvent> others = new ArrayList<>();
    /** The row of each live allocation by id, in file order: a free reuses its creation's row. */
    private final LongIntMap rowOfId = new LongIntMap();
    private long[] sequence = new long[1024];
    private long[] monotonic = new long[1024];
    private long[] epoch = new long[1024];
    /** A free's lifetime, a move's row before it; unused otherwise. */
    private long[] aux = new long[1024];
    /** The row of an allocation event, the index into {@link #others} otherwise. */
    private int[] ref = new int[1024];
    private int[] thread = new int[1024];
    private byte[] op = new byte[1024];
    private int size;

    EventColumns(AllocationTable rows, StringTable strings) {
        this.rows = rows;
        this.strings = strings;
    }

    void add(MemoryEvent e) {
        if (e instanceof AllocationCreated c) {
            int r = rows.add(c.allocation());
            rowOfId.put(c.allocation().id(), r);
            append(e.header(), CREATED, r, 0);
        } else if (e instanceof AllocationFreed f) {
            int known = rowOfId.remove(f.allocation().id());
            int r = known >= 0 && rows.holds(known, f.allocation()) ? known : rows.add(f.allocation());
            append(e.header(), FREED, r, f.lifetimeNanos());
        } else if (e instanceof AllocationMoved m) {
            int after = rows.add(m.allocation());
            int known = rowOfId.put(m.allocation().id(), after);
            int before = known >= 0 && rows.holds(known, m.before()) ? known : rows.add(m.before());
            append(e.header(), MOVED, after, before);
        } else {
            others.add(e);
            append(e.header(), OTHER, others.size() - 1, 0);
        }
    }

    private void append(EventHeader h, byte kind, int row, long extra) {
        if (size == sequence.length) {
            int n = size + (size >> 1);
            sequence = Arrays.copyOf(sequence, n);
            monotonic = Arrays.copyOf(monotonic, n);
            epoch = Arrays.copyOf(epoch, n);
            aux = Arrays.copyOf(aux, n);
            ref = Arrays.copyOf(ref, n);
            thread = Arrays.copyOf(thread, n);
            op = Arrays.copyOf(op, n);
        }
        int i = size++;
        sequence[i] = h.sequence();
        monotonic[i] = h.monotonicNanos();
        epoch[i] = h.epochMillis();
        aux[i] = extra;
        ref[i] = row;
        thread[i] = strings.number(h.thread());
        op[i] = kind;
    }

    /** Puts the events in sequence order and keeps the first of each number. O(events), or O(n log n) if sparse. */
    void sortBySequence() {
        rowOfId.clear();
        int[] order = SequenceOrder.of(sequence, size);
        if (order == null) {
            return; // already in order without duplicates
        }
        sequence = permute(sequence, order);
        monotonic = permute(monotonic, order);
        epoch = permute(epoch, order);
        aux = permute(aux, order);
        int[] r = new int[order.length];
        int[] t = new int[order.length];
        byte[] o = new byte[order.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = ref[order[i]];
            t[i] = thread[order[i]];
            o[i] = op[order[i]];
        }
        ref = r;
        thread = t;
        op = o;
        size = order.length;
    }

    private static long[] permute(long[] column, int[] order) {
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = column[order[i]];
        }
        return out;
    }

    int size() {
        return size;
    }

    long sequence(int i) {
        return sequence[i];
    }

    long monotonic(int i) {
        return monotonic[i];
    }

    byte op(int i) {
        return op[i];
    }

    /** The row of allocation event {@code i} (after a move: the new place). */
    int row(int i) {
        return ref[i];
    }

    /** The row before move {@code i}. */
    int rowBefore(int i) {
        return (int) aux[i];
    }

    /** Event {@code i} if it is neither an allocation, a free nor a move. */
    MemoryEvent other(int i) {
        return others.get(ref[i]);
    }

    /** Event {@code i} as a {@link MemoryEvent}. */
    MemoryEvent event(int i) {
        if (op[i] == OTHER) {
            return others.get(ref[i]);
        }
        AllocationInfo a = rows.get(ref[i]);
        EventHeader h = new EventHeader(sequence[i], monotonic[i], epoch[i], a.tag(), strings.nonNull(thread[i]));
        return switch (op[i]) {
            case CREATED -> new AllocationCreated(h, a);
            case FREED -> new AllocationFreed(h, a, aux[i]);
            default -> new AllocationMoved(h, rows.get((int) aux[i]), a);
        };
    }

    /** The events as an unmodifiable list, each built when it is read. */
    List<MemoryEvent> view() {
        return new View();
    }

    private final class View extends AbstractList<MemoryEvent> implements RandomAccess {
        @Override
        public MemoryEvent get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index + " of " + size);
            }
            return event(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
