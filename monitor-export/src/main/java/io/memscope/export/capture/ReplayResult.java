package io.memscope.export.capture;

import java.util.List;

/**
 * What a {@link Replay} found: the capture's figures, the replay's at the points where the capture sampled (the
 * like-for-like comparison), and the replay's over every step.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param coreId the captured core that was replayed
 * @param capturedDevice the device the capture was recorded on
 * @param replayDevice the device the replay ran on
 * @param options the replay's settings, the heap limit resolved (never {@link ReplayOptions#AS_CAPTURED})
 * @param capture the capture's figures: used bytes from its ledger rebuilt after every memory event (exact); block
 *     bytes, blocks and fragmentation from its {@code memscope.StatsSampled} events (peaks between samples are not
 *     seen); failed allocations {@code -1} (not recorded)
 * @param replayAtSamples the replay's figures measured at the same points of the sequence as the capture's samples
 *     (before the first event numbered after each sample); every figure, used bytes included, only at those points
 * @param replay the replay's figures over every step: used and block bytes after every allocation and free, blocks and
 *     fragmentation whenever the block bytes changed, every {@link ReplayOptions#statsEvery()} steps, at every
 *     capture sample and at the end
 * @param initialAllocations allocations live at the capture's start (its first state), created first
 * @param allocations allocations replayed after that
 * @param frees frees replayed (leaks freed at the recorded core's close included)
 * @param imagesAsBuffers images replayed as buffers of their allocated size
 * @param defragmentation the capture's defragmentation runs and what their replay did
 * @param unknownFrees frees of allocations the replay does not know (lost events, or an allocation that failed)
 * @param replayNanos wall time of the replay, measurements included
 * @param callNanos time spent in the allocation and free calls alone
 * @param notes one line each: approximations, losses, failures worth reading
 */
public record ReplayResult(int coreId, String capturedDevice, String replayDevice, ReplayOptions options,
                           ReplayFigures capture, ReplayFigures replayAtSamples, ReplayFigures replay,
                           long initialAllocations, long allocations, long frees, long imagesAsBuffers,
                           Defragmentation defragmentation, long unknownFrees, long replayNanos, long callNanos,
                           List<String> notes) {
    public ReplayResult {
        notes = List.copyOf(notes);
    }

    /**
     * Defragmentation in the capture and in the replay: each run the capture finished is replayed as a run with its
     * algorithm at the same point of the sequence; the replay's VMA chooses its own moves.
     *
     * @param runsReplayed runs replayed
     * @param capturedMoves allocation moves in the capture (not applied themselves)
     * @param capturedBytesMoved bytes the capture's runs moved
     * @param replayMoves allocations the replayed runs moved
     * @param replayBytesMoved bytes the replayed runs moved
     */
    public record Defragmentation(long runsReplayed, long capturedMoves, long capturedBytesMoved, long replayMoves,
                                  long replayBytesMoved) {
    }

    /** Allocations and frees replayed per second of the whole replay (measurements included). */
    public double operationsPerSecond() {
        return replayNanos == 0 ? 0 : (initialAllocations + allocations + frees) * 1e9 / replayNanos;
    }

    /** Allocations and frees per second of the time spent in those calls alone. */
    public double callsPerSecond() {
        return callNanos == 0 ? 0 : (initialAllocations + allocations + frees) * 1e9 / callNanos;
    }
}
