package io.memscope.core.event;

/**
 * A defragmentation began.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param algorithm the algorithm's name (FAST, BALANCED, FULL, EXTENSIVE)
 * @param markedAllocations how many allocations were marked, 0 when every movable one may move
 * @param fragmentationBefore device fragmentation ratio when it began
 */
public record DefragmentationStarted(EventHeader header, String algorithm, int markedAllocations,
                                     double fragmentationBefore) implements DefragmentationEvent {
}
