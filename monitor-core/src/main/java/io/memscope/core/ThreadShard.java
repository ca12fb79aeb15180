package io.memscope.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * What one thread keeps for one {@link AllocatorCore}: whether it is inside a core operation (for
 * {@link ActivityGate}), the allocations it recorded (for {@link Ledger}), its block of ids and its
 * counts of recorded and freed allocations. Written only by its own thread, except under the gate's
 * exclusive mode, when its thread is kept out.
 */
final class ThreadShard {
    private static final int INITIAL_CAPACITY = 64;
    private static final VarHandle ACTIVE;
    private static final VarHandle RECORDED;
    private static final VarHandle FREED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ACTIVE = lookup.findVarHandle(ThreadShard.class, "active", int.class);
            RECORDED = lookup.findVarHandle(ThreadShard.class, "recorded", long.class);
            FREED = lookup.findVarHandle(ThreadShard.class, "freed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Nesting depth of core operations on this thread; 0 = outside. Read by the exclusive side. */
    @SuppressWarnings("unused") // through ACTIVE
    private volatile int active;
    @SuppressWarnings("unused") // through RECORDED
    private long recorded;
    @SuppressWarnings("unused") // through FREED
    private long freed;

    Allocation[] entries = new Allocation[INITIAL_CAPACITY];
    int size;
    long nextId;
    long idLimit;

    /** Marks the thread inside (full fence: the following read of the exclusive flag cannot pass it). */
    void enter() {
        ACTIVE.setVolatile(this, (int) ACTIVE.getOpaque(this) + 1);
    }

    /** Marks the thread outside again (release store). */
    void exit() {
        ACTIVE.setRelease(this, (int) ACTIVE.getOpaque(this) - 1);
    }

    int depth() {
        return (int) ACTIVE.getOpaque(this);
    }

    boolean isActive() {
        return (int) ACTIVE.getVolatile(this) != 0;
    }

    void countRecorded() {
        RECORDED.setOpaque(this, (long) RECORDED.getOpaque(this) + 1);
    }

    void countFreed() {
        FREED.setOpaque(this, (long) FREED.getOpaque(this) + 1);
    }

    long recorded() {
        return (long) RECORDED.getOpaque(this);
    }

    long freed() {
        return (long) FREED.getOpaque(this);
    }

    void append(Allocation allocation) {
        if (size == entries.length) {
            compact();
            if (size > entries.length * 3 / 4) {
                entries = Arrays.copyOf(entries, entries.length * 2);
            }
        }
        entries[size++] = allocation;
    }

    /** Drops freed entries, keeping order. */
    void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Allocation a = entries[i];
            if (a.isLive()) {
                entries[kept++] = a;
            }
        }
        Arrays.fill(entries, kept, size, null);
        size = kept;
    }

    void clear() {
        Arrays.fill(entries, 0, size, null);
        size = 0;
    }
}
