package io.memscope.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a capture ({@link MemoryMonitor#startCapture(java.nio.file.Path, CaptureOptions)}). Flight Recorder
 * writes the capture to disk as it goes (its repository, in chunks), never into an unbounded buffer in memory; these
 * limits say how much of it is kept: when the recording grows past {@code maxSizeBytes}, or its oldest chunk gets
 * older than {@code maxAge}, the oldest chunks are dropped. Every chunk starts with the device layout and the full
 * live state, so what is kept still opens on its own.
 *
 * @param maxSizeBytes bytes kept on disk at most, {@code > 0}; default {@link #DEFAULT_MAX_SIZE_BYTES} (256 MiB)
 * @param maxAge age of the oldest chunk kept at most; {@link Duration#ZERO} (the default) for no age limit
 * @param callStacks which allocations get their call stack recorded ({@link CallStacks}); default
 *        {@link CallStacks#off()}
 */
public record CaptureOptions(long maxSizeBytes, Duration maxAge, CallStacks callStacks) {
    /** 256 MiB. */
    public static final long DEFAULT_MAX_SIZE_BYTES = 256L << 20;

    public CaptureOptions {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(callStacks, "callStacks");
        if (maxSizeBytes <= 0) {
            throw new IllegalArgumentException("maxSizeBytes must be positive: " + maxSizeBytes);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
        }
    }

    /** These limits, without call stacks. */
    public CaptureOptions(long maxSizeBytes, Duration maxAge) {
        this(maxSizeBytes, maxAge, CallStacks.off());
    }

    /** 256 MiB, no age limit, no call stacks. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(DEFAULT_MAX_SIZE_BYTES, Duration.ZERO);
    }

    /** These options with another size limit (bytes, {@code > 0}). */
    public CaptureOptions withMaxSizeBytes(long bytes) {
        return new CaptureOptions(bytes, maxAge, callStacks);
    }

    /** These options with another age limit ({@link Duration#ZERO}: none). */
    public CaptureOptions withMaxAge(Duration age) {
        return new CaptureOptions(maxSizeBytes, age, callStacks);
    }

    /** These options with another call-stack selection ({@link CallStacks#off()}: none). */
    public CaptureOptions withCallStacks(CallStacks value) {
        return new CaptureOptions(maxSizeBytes, maxAge, value);
    }
}
