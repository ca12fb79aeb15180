package io.memscope.core;

import io.memscope.core.stats.DefragmentationResult;

/**
 * How one defragmentation call runs.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param algorithm VMA's algorithm
 * @param maxBytesPerPass at most this many bytes move in one pass; 0 = no limit
 * @param maxAllocationsPerPass at most this many allocations move in one pass; 0 = no limit
 * @param maxPasses stop after this many passes (the call's step budget); 0 = run until VMA finds no more
 *     moves. With limits, call again on later frames until {@link DefragmentationResult#complete()}.
 */
public record DefragmentationOptions(DefragmentationAlgorithm algorithm, long maxBytesPerPass,
                                     int maxAllocationsPerPass, int maxPasses) {
    public DefragmentationOptions {
        if (maxBytesPerPass < 0 || maxAllocationsPerPass < 0 || maxPasses < 0) {
            throw new IllegalArgumentException("limits must be >= 0 (0 = none)");
        }
    }

    /** Run {@code algorithm} to the end in one call. */
    public static DefragmentationOptions of(DefragmentationAlgorithm algorithm) {
        return new DefragmentationOptions(algorithm, 0, 0, 0);
    }

    /**
     * One bounded step, for spreading defragmentation over frames: one pass of at most {@code maxBytes} and
     * {@code maxAllocations}.
     */
    public static DefragmentationOptions step(DefragmentationAlgorithm algorithm, long maxBytes, int maxAllocations) {
        return new DefragmentationOptions(algorithm, maxBytes, maxAllocations, 1);
    }

    public DefragmentationOptions withMaxPasses(int passes) {
        return new DefragmentationOptions(algorithm, maxBytesPerPass, maxAllocationsPerPass, passes);
    }
}
