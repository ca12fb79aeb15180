package io.memscope.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uncaught-exception handler of memscope's own background threads (event drain, delivery pool, sampler): a
 * failure is logged once as an error, except {@link OutOfMemoryError}. When the Java heap runs out, every thread
 * that allocates gets one, and the application's own thread reports it; memscope's threads recover (the drain and
 * the sampler catch it and go on, a pool replaces a lost worker), so printing it again from each of them would only
 * bury the one message that matters. Stateless, thread-safe.
 */
public final class BackgroundThreadErrors implements Thread.UncaughtExceptionHandler {
    /** The one instance. */
    public static final BackgroundThreadErrors HANDLER = new BackgroundThreadErrors();
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreadErrors.class);

    private BackgroundThreadErrors() {
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (error instanceof OutOfMemoryError) {
            return;
        }
        LOG.error("memscope thread {} failed", thread.getName(), error);
    }
}
