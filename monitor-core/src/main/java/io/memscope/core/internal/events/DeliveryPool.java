package io.memscope.core.internal.events;

import io.memscope.core.internal.BackgroundThreadErrors;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide pool of daemon threads ({@code memscope-delivery-N}) that call subscribers' {@code onNext}.
 * It is shared by every hub (every core's monitor) and bounded: {@value #DEFAULT_MIN} threads, or as many as
 * the machine has processors up to {@value #DEFAULT_MAX}; the system property {@value #SIZE_PROPERTY} sets
 * another bound (1 to {@value #LIMIT}). Threads start on demand and end after {@value #KEEP_ALIVE_SECONDS} s
 * without work, so an idle process holds none.
 *
 * <p>A subscriber occupies a thread only while it has events to take: its channel runs as one task at a time
 * and gives the thread back after a bounded slice of events, so subscribers share threads fairly. A subscriber
 * that blocks inside {@code onNext} keeps its thread; as many blocked subscribers as the pool has threads stall
 * the others (their buffers then fill as the overflow policy says).
 *
 * <p>The work queue holds at most one task per subscriber, so it is bounded by the number of subscriptions.
 * Thread-safe.
 */
final class DeliveryPool {
    static final String SIZE_PROPERTY = "memscope.deliveryThreads";
    private static final int DEFAULT_MIN = 4;
    private static final int DEFAULT_MAX = 16;
    private static final int LIMIT = 256;
    private static final long KEEP_ALIVE_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPool.class);
    private static final Executor SHARED = create(size(System.getProperty(SIZE_PROPERTY),
            Runtime.getRuntime().availableProcessors()));

    private DeliveryPool() {
    }

    /** The shared executor; tasks submitted to it never block on the pool's own queue. */
    static Executor shared() {
        return SHARED;
    }

    /** The number of threads for a configured value (null: not set) on a machine with {@code processors}. */
    static int size(@Nullable String configured, int processors) {
        int fallback = Math.min(Math.max(DEFAULT_MIN, processors), DEFAULT_MAX);
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        String digits = configured.trim();
        if (digits.matches("[0-9]{1,3}")) {
            int size = Integer.parseInt(digits);
            if (size >= 1 && size <= LIMIT) {
                return size;
            }
        }
        LOG.warn("-D{}={} is not a thread count from 1 to {}; using {}", SIZE_PROPERTY, configured, LIMIT, fallback);
        return fallback;
    }

    private static Executor create(int threads) {
        AtomicInteger numbers = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "memscope-delivery-" + numbers.incrementAndGet());
                    thread.setDaemon(true);
                    thread.setUncaughtExceptionHandler(BackgroundThreadErrors.HANDLER);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
