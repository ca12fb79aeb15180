package io.memscope.samples.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How long a frame loop runs: {@code --frames N} or {@code --seconds S}, one or the other (an exclusive
 * {@code @ArgGroup} in the commands), each at least 1.
 */
final class LoopLimit {
    @Option(names = "--frames", paramLabel = "N", converter = PositiveInt.class, description = "Stop after N frames.")
    @Nullable Integer frames;

    @Option(names = "--seconds", paramLabel = "S", converter = PositiveInt.class, description = "Stop after S seconds.")
    @Nullable Integer seconds;

    /** For picocli. */
    LoopLimit() {
    }

    private LoopLimit(@Nullable Integer frames, @Nullable Integer seconds) {
        this.frames = frames;
        this.seconds = seconds;
    }

    static LoopLimit ofFrames(int frames) {
        return new LoopLimit(frames, null);
    }

    static LoopLimit ofSeconds(int seconds) {
        return new LoopLimit(null, seconds);
    }

    /** No limit: the loop runs until Ctrl-C or until the caller's condition says stop. */
    static LoopLimit none() {
        return new LoopLimit(null, null);
    }

    int frameLimit() {
        return frames != null ? frames : Integer.MAX_VALUE;
    }

    long nanoLimit() {
        return seconds != null ? seconds * 1_000_000_000L : Long.MAX_VALUE;
    }
}
