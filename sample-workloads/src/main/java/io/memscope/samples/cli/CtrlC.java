package io.memscope.samples.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (JVM shutdown) into a request the command's loop polls: the shutdown hook sets the flag and
 * waits up to 10 s for the command's thread to finish cleanly (free the workloads, report leaks). Close it
 * when the command ends. One per command run; {@link #requested()} is thread-safe.
 */
final class CtrlC implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Thread hook;

    private CtrlC(Thread commandThread) {
        this.hook = new Thread(() -> {
            requested.set(true);
            try {
                commandThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "memscope-ctrl-c");
    }

    /** Installs the hook for the calling thread. */
    static CtrlC install() {
        CtrlC ctrlC = new CtrlC(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(ctrlC.hook);
        return ctrlC;
    }

    /** Whether Ctrl-C was pressed. */
    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for us
        }
    }
}
