package io.memscope.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The one lock of an {@link AllocatorCore}: every VMA call and all of memscope's bookkeeping run under it.
 * VMA is created {@code VMA_ALLOCATOR_CREATE_EXTERNALLY_SYNCHRONIZED_BIT}, so this lock <em>replaces</em> the
 * mutexes VMA would otherwise take inside each call (about five lock/unlock pairs per create+destroy, measured
 * at 18 % of a raw create+destroy on the h100 machine); see {@code docs/performance.md}.
 *
 * <p><b>Cost.</b> Uncontended: {@link #lock()} is one compare-and-set, {@link #unlock()} a release store and a
 * volatile read (no fence). <b>Reentrant</b>: the holder may lock again (nested core operations).
 *
 * <p><b>Contended.</b> A waiter spins briefly, then parks; {@link #unlock()} unparks the longest-registered
 * waiter. Because unlock does not fence between freeing the lock and looking for waiters, a waiter that
 * registered in that instant is not unparked; waiters therefore park with a timeout (50 µs, doubling up to
 * 1 ms) and look again, so such a miss delays it by at most that timeout. Not fair: a running thread may take
 * the lock ahead of a parked one. Not interruptible (an interrupt is kept for the caller).
 *
 * <p>A {@link Lock}, so ErrorProne's {@code @GuardedBy} checker follows {@code lock()}/{@code unlock()} pairs; it
 * has no conditions.
 */
final class CoreLock implements Lock {
    private static final int SPINS = 128;
    private static final long FIRST_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * 0 = free, 1 = held. An {@link AtomicInteger}, not a {@code VarHandle}: a {@code VarHandle} call site may be
     * linked (objects allocated) when it runs, so an {@code unlock()} out of Java heap threw before releasing and left
     * the lock held by nobody, and {@code close()} waited for ever (a demo under {@code -Xmx32m}, 1 run in 10).
     * {@code AtomicInteger}'s methods are ordinary calls into intrinsics: nothing to allocate between taking or
     * releasing the lock and recording who holds it.
     */
    private final AtomicInteger state = new AtomicInteger();
    /** The holder; written only by the holder, so a thread reading its own identity here holds the lock. */
    private @Nullable Thread owner;
    /** Re-entries beyond the first, by the holder. */
    private int reentries;
    private final Queue<Thread> waiters = new ConcurrentLinkedQueue<>();

    @Override
    public void lock() {
        Thread me = Thread.currentThread();
        if (state.compareAndSet(0, 1)) {
            owner = me;
        } else if (owner == me) {
            reentries++;
        } else {
            lockContended(me);
            owner = me;
        }
    }

    @Override
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("memscope core lock released by a thread that does not hold it");
        }
        if (reentries > 0) {
            reentries--;
            return;
        }
        owner = null;
        state.setRelease(0);
        Thread next = waiters.peek();
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** Takes the lock if it is free (or held by this thread) without waiting; pair a {@code true} with {@link #unlock()}. */
    @Override
    public boolean tryLock() {
        Thread me = Thread.currentThread();
        if (tryAcquire()) {
            owner = me;
            return true;
        }
        if (owner == me) {
            reentries++;
            return true;
        }
        return false;
    }

    private boolean tryAcquire() {
        return state.getOpaque() == 0 && state.compareAndSet(0, 1);
    }

    private void lockContended(Thread me) {
        for (int i = 0; i < SPINS; i++) {
            if (tryAcquire()) {
                return;
            }
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        waiters.add(me);
        try {
            long park = FIRST_PARK_NANOS;
            while (!tryAcquire()) {
                LockSupport.parkNanos(this, park);
                park = Math.min(park * 2, LONGEST_PARK_NANOS);
                interrupted |= Thread.interrupted(); // else park would return at once from now on
            }
        } finally {
            waiters.remove(me);
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Takes the lock unless the thread is interrupted first (a waiter is not woken by an interrupt). */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        lock();
    }

    /** Tries for at most {@code time}, parking 1 ms between tries (used where a wait must stay bounded). */
    @Override
    public boolean tryLock(long time, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(time);
        while (!tryLock()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(LONGEST_PARK_NANOS);
        }
        return true;
    }

    /** Not supported: memscope never waits on a condition of the core lock. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("CoreLock has no conditions");
    }
}
