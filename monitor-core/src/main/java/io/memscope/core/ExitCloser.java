package io.memscope.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes, when the JVM exits, every {@link VulkanContext} the application left open — its cores first, freeing
 * and reporting their live allocations — so that no Vulkan device is alive when the driver's own exit handlers
 * run. NVIDIA's driver crashed the JVM at exit (SIGSEGV in {@code libEGL_nvidia.so}) whenever a device was still
 * alive; closing it first exits cleanly.
 *
 * <p>One JVM shutdown hook ({@code memscope-close-at-exit}), installed with the first context. It runs on every
 * orderly exit: the end of {@code main}, {@code System.exit}, an uncaught exception ending the last thread,
 * SIGTERM, SIGINT and SIGHUP (SIGKILL kills the process without any exit handler, the driver's included). Shutdown
 * hooks run concurrently, and an application that closes its contexts itself on the way out (as memscope's own
 * command line does after Ctrl-C) must not have them closed under it: the hook first lets the application's
 * running threads end — every live non-daemon thread that is not itself exiting — for at most
 * {@link #GRACE_MILLIS}, then closes whatever is still open and safe to close. It never hangs the exit or pulls
 * memory from under a running thread: a core whose lock another thread holds for {@link #LOCK_WAIT_MILLIS} (an
 * allocation waiting for a stalled LOSSLESS subscriber) or that has mapped allocations while an application thread
 * still runs (it may write through the mapping) stays open, with its device, and is logged. Set the system property
 * {@code memscope.closeAtExit=false} to turn it off (for contexts created afterwards).
 *
 * <p>Threading: {@link #opened} and {@link #closed} are thread-safe and O(1).
 */
final class ExitCloser {
    private static final Logger LOG = LoggerFactory.getLogger(ExitCloser.class);
    static final String PROPERTY = "memscope.closeAtExit";
    static final long GRACE_MILLIS = 5_000;
    /** How long the hook waits for a core's lock; a thread stuck holding it must not hang the exit. */
    static final long LOCK_WAIT_MILLIS = 2_000;

    private static final Set<String> JDK_GROUPS = Set.of("system", "InnocuousThreadGroup");
    private static final Set<VulkanContext> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private ExitCloser() {
    }

    /** A context was created: close it at exit unless it is closed before. */
    static void opened(VulkanContext context) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return;
        }
        OPEN.add(context);
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(ExitCloser::closeAll, "memscope-close-at-exit"));
            } catch (IllegalStateException shutdownInProgress) {
                LOG.debug("JVM already shutting down; {} will not be closed at exit", context);
            }
        }
    }

    /** A context was closed. */
    static void closed(VulkanContext context) {
        OPEN.remove(context);
    }

    private static void closeAll() {
        if (OPEN.isEmpty()) {
            return;
        }
        awaitApplicationThreads(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS));
        for (VulkanContext context : List.copyOf(OPEN)) {
            try {
                LOG.warn("{} was left open at exit; closing it before the driver exits", context);
                context.closeAtExit(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_WAIT_MILLIS),
                        runningApplicationThread());
            } catch (Throwable t) {
                LOG.error("closing {} at exit failed", context, t);
            }
        }
    }

    /** Joins the application's running threads until they end, every context is closed or the deadline passes. */
    private static void awaitApplicationThreads(long deadlineNanos) {
        Thread self = Thread.currentThread();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread == self || thread.isDaemon() || exiting(thread)) {
                continue;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || OPEN.isEmpty()) {
                return;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether a thread of the application may still be running code that touches mapped memory: a live thread that
     * is not memscope's, not the JDK's own ({@code system} and {@code InnocuousThreadGroup} groups), not exiting,
     * and running or sleeping (a thread parked or waiting for ever, like a shutdown hook joining another, is not).
     *
     * @return the name of such a thread, or null if there is none
     */
    private static @Nullable String runningApplicationThread() {
        Thread self = Thread.currentThread();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ThreadGroup group = thread.getThreadGroup();
            Thread.State state = thread.getState();
            if (thread != self && group != null && !JDK_GROUPS.contains(group.getName())
                    && !thread.getName().startsWith("memscope-") && !exiting(thread)
                    && (state == Thread.State.RUNNABLE || state == Thread.State.TIMED_WAITING)) {
                return thread.getName();
            }
        }
        return null;
    }

    /** Whether {@code thread} is the one that started the JVM's exit (it waits for the hooks; joining it never ends). */
    private static boolean exiting(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if ("java.lang.Shutdown".equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
