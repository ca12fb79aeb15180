package io.memscope.core;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps {@link AllocatorCore}'s native state safe without a shared lock word on the hot path.
 *
 * <p><b>Shared mode</b> (allocate, free, map, budget): the thread raises the flag in its own
 * {@link ThreadShard} (one fenced store to a line no other thread writes), then reads the global
 * exclusive flag; if it is up, it lowers its flag, waits, and tries again. Leaving is a release store.
 * <b>Exclusive mode</b> (statistics, JSON dumps, close): raise the exclusive flag, then wait until no shard
 * is active. The store-then-load order on both sides (Dekker) guarantees that no shared operation runs
 * while an exclusive one does. Exclusive operations are serialised among themselves.
 *
 * <p>Shared entry nests on one thread; an exclusive section must not enter shared mode, nor the reverse.
 */
final class ActivityGate {
    private final List<ThreadShard> shards;
    private final ReentrantLock exclusiveLock = new ReentrantLock();
    private final Object released = new Object();
    private volatile boolean exclusive;

    ActivityGate(List<ThreadShard> shards) {
        this.shards = shards;
    }

    void enterShared(ThreadShard shard) {
        if (shard.depth() > 0) {
            shard.enter(); // nested: the outer entry already holds exclusive sections off
            return;
        }
        while (true) {
            shard.enter();
            if (!exclusive) {
                return;
            }
            shard.exit();
            awaitRelease();
        }
    }

    void exitShared(ThreadShard shard) {
        shard.exit();
    }

    /** Blocks shared entries and waits until none is in progress. Pair with {@link #exitExclusive()}. */
    void enterExclusive() {
        exclusiveLock.lock();
        exclusive = true;
        for (ThreadShard shard : shards) {
            int spins = 0;
            while (shard.isActive()) {
                if (++spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    void exitExclusive() {
        synchronized (released) {
            exclusive = false;
            released.notifyAll();
        }
        exclusiveLock.unlock();
    }

    private void awaitRelease() {
        synchronized (released) {
            while (exclusive) {
                try {
                    released.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while memscope statistics held the allocator", e);
                }
            }
        }
    }
}
