package io.memscope.samples.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (any JVM shutdown: SIGINT, SIGTERM) into a flag the command polls: the shutdown hook sets
 * {@link #pressed()} and waits up to 10 s for the thread that installed it to finish cleanly (free the
 * workloads, report leaks). {@link MemscopeCommand#execute} installs one before it parses anything and closes
 * it when the command ends; {@link #pressed()} is thread-safe.
 */
final class CtrlC implements AutoCloseable {
    /** Set once the JVM started shutting down while a command ran; never cleared (the JVM is ending). */
    private static final AtomicBoolean PRESSED = new AtomicBoolean();

    private final Thread hook;

    private CtrlC(Thread commandThread) {
        this.hook = new Thread(() -> {
            PRESSED.set(true);
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
     * Whether Ctrl-C was pressed: the JVM is shutting down. Loops stop; errors are consequences of the shutdown
     * (a library that cannot register its own hook any more), not failures; {@code main} must not call
     * {@code System.exit}, which would block until the hook's wait times out (the exit status is the signal's,
     * 130 for Ctrl-C).
     */
    static boolean pressed() {
        return PRESSED.get();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for this thread
        }
    }
}
