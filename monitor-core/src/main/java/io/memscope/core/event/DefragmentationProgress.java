package io.memscope.core.event;

/**
 * A defragmentation pass finished.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param pass passes done so far (1, 2, ...)
 * @param bytesMoved bytes moved so far
 * @param allocationsMoved allocations moved so far
 */
public record DefragmentationProgress(EventHeader header, int pass, long bytesMoved, int allocationsMoved)
        implements DefragmentationEvent {
}
