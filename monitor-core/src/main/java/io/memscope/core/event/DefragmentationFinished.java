package io.memscope.core.event;

import io.memscope.core.stats.DefragmentationResult;

/**
 * A defragmentation ended; {@code result} has the before/after figures.
 *
 * <p>Immutable; safe to share between threads.
 */
public record DefragmentationFinished(EventHeader header, DefragmentationResult result) implements DefragmentationEvent {
}
