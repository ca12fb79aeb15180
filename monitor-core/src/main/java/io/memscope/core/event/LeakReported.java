package io.memscope.core.event;

import io.memscope.core.stats.LeakReport;

/**
 * An allocation was still live when its core closed; memscope freed it.
 *
 * <p>Immutable; safe to share between threads.
 */
public record LeakReported(EventHeader header, LeakReport leak) implements MemoryEvent {
}
