package io.memscope.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one thread ({@code memscope-vulkan-driver}, daemon) that creates and destroys every {@code VkInstance} and
 * {@code VkDevice} memscope makes. NVIDIA's driver (580, H200) crashed the JVM — SIGSEGV in a driver worker thread
 * in {@code libEGL_nvidia.so} — whenever an instance was destroyed, or the process exited, on another thread than
 * the one that created it, and exiting with the instance alive crashed too; created and destroyed on one thread
 * it ran clean every time (docs/gpu-runs.md). Handing both to one long-lived thread makes that hold whichever
 * threads the application creates and closes its contexts on, including a JVM shutdown hook
 * ({@link ExitCloser}): daemon threads keep running while the hooks run.
 *
 * <p>Threading: {@link #call} blocks the caller until the work is done on the driver thread (inline when the
 * caller is the driver thread). An interrupt does not abandon the work half way: the caller waits for it and
 * keeps its interrupt flag. Cost: two thread hand-offs per context created or closed.
 */
final class DriverThread {
    private static volatile @Nullable Thread driver;
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "memscope-vulkan-driver");
        thread.setDaemon(true);
        driver = thread;
        return thread;
    });

    private DriverThread() {
    }

    /** Runs {@code work} on the driver thread and returns its result; its exceptions reach the caller as they are. */
    static <T> T call(Supplier<T> work) {
        if (Thread.currentThread() == driver) {
            return work.get();
        }
        Future<T> result = EXECUTOR.submit(work::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the work goes on regardless: wait for it, keep the interrupt
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #call} for work without a result. */
    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
