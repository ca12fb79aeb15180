package io.memscope.samples.workloads;

import java.nio.file.Path;

/**
 * A workload with a frame loop: {@link #start()} once, {@link #frame(int)} per frame (0, 1, 2, ...),
 * {@link #close()} frees everything it holds. Not thread-safe: drive it from one thread.
 */
public interface Workload extends AutoCloseable {
    /** Short name used on the command line, e.g. {@code terrain}. */
    String name();

    /** Allocates what the workload needs before the first frame. */
    void start();

    /** Runs frame {@code index}: allocations, frees and GPU work of that frame. */
    void frame(int index);

    /** One line on the workload's state, for progress output. */
    String status();

    /** A multi-line report of what the workload did, printed at the end of a run; empty if it has none. */
    default String report() {
        return "";
    }

    /** Writes the workload's own files of a report into {@code folder} (which exists); none by default. */
    default void writeReport(Path folder) {
    }

    /** Frees everything the workload still holds. Idempotent. */
    @Override
    void close();
}
