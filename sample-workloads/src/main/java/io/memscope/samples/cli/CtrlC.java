package io.memscope.samples.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (JVM shutdown) into a request the command's loop polls: the shutdown hook sets the flag and
 * waits up to 10 s for the command's thread to finish cleanly (free the workloads, report leaks). Close it
 * when the command ends. One per command run; {@link #requested()} is thread-safe.
 */
final class CtrlC implements AutoCloseable {
    /** Set once any command saw Ctrl-C: the JVM is shutting down, so {@code main} must not call {@code System.exit}. */
    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Thread hook;

    private CtrlC(Thread commandThread) {
        this.hook = new Thread(() -> {
            SHUTTING_DOWN.set(true);
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

    /**
     * Whether the JVM is shutting down after Ctrl-C. {@code System.exit} would then block until the hook's
     * wait times out, so {@code main} just returns (the exit status is the JVM's for the signal, 130).
     */
    static boolean shuttingDown() {
        return SHUTTING_DOWN.get();
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
