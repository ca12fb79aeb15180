package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CoreLockTest {
    /** Written only under the lock with plain read-modify-write: lost updates would show a broken lock. */
    private long counter;
    private int inside;
    private int maxInside;

    /**
     * A {@code VarHandle} call site can be linked (objects allocated) when it runs: out of Java heap, {@code unlock()}
     * threw there after clearing the owner and before releasing, and the lock stayed held by nobody (a demo under
     * {@code -Xmx32m} hung in {@code close()}). The state is an {@code AtomicInteger}'s.
     */
    @Test
    void takesAndReleasesWithoutAVarHandle() {
        assertThat(CoreLock.class.getDeclaredFields()).extracting(java.lang.reflect.Field::getType)
                .doesNotContain(java.lang.invoke.VarHandle.class).contains(java.util.concurrent.atomic.AtomicInteger.class);
    }

    @Test
    void excludesEveryOtherThreadUnderContention() throws Exception {
        CoreLock lock = new CoreLock();
        int threads = 4;
        int rounds = 200_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        lock.lock();
                        try {
                            inside++;
                            maxInside = Math.max(maxInside, inside);
                            counter++;
                            if ((i & 1023) == 0) {
                                Thread.yield(); // hold it a while now and then so that others park
                            }
                            inside--;
                        } finally {
                            lock.unlock();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
        assertThat(counter).isEqualTo((long) threads * rounds);
        assertThat(maxInside).isEqualTo(1);
    }

    @Test
    void isReentrantAndFreedOnlyByTheLastUnlock() throws Exception {
        CoreLock lock = new CoreLock();
        lock.lock();
        lock.lock();
        lock.unlock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(tryFromAnotherThread(lock)).as("other thread while still held once").isFalse();
        lock.unlock();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(tryFromAnotherThread(lock)).as("other thread once released").isTrue();
    }

    @Test
    void unlockByAThreadThatDoesNotHoldItThrowsAndLeavesTheLockHeld() throws Exception {
        CoreLock lock = new CoreLock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        lock.lock();
        Throwable[] thrown = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                lock.unlock();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        other.start();
        other.join();
        assertThat(thrown[0]).isInstanceOf(IllegalMonitorStateException.class);
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        lock.unlock();
    }

    @Test
    void aParkedWaiterGetsTheLockAndKeepsItsInterrupt() throws Exception {
        CoreLock lock = new CoreLock();
        lock.lock();
        CountDownLatch acquired = new CountDownLatch(1);
        boolean[] interruptKept = new boolean[1];
        Thread waiter = new Thread(() -> {
            lock.lock();
            interruptKept[0] = Thread.currentThread().isInterrupted();
            lock.unlock();
            acquired.countDown();
        });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) { // parked in the lock
            Thread.onSpinWait();
        }
        waiter.interrupt();
        assertThat(acquired.getCount()).as("acquired while held").isOne();
        lock.unlock();
        assertThat(acquired.await(1, TimeUnit.MINUTES)).isTrue();
        waiter.join();
        assertThat(interruptKept[0]).isTrue();
    }

    /** Whether another thread can take the lock without waiting (it releases it again at once). */
    private static boolean tryFromAnotherThread(CoreLock lock) throws Exception {
        boolean[] taken = new boolean[1];
        Thread other = new Thread(() -> {
            taken[0] = lock.tryLock();
            if (taken[0]) {
                lock.unlock();
            }
        });
        other.start();
        other.join();
        return taken[0];
    }
}
