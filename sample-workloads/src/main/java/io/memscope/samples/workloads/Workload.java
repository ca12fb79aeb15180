package io.memscope.samples.workloads;

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

    /** Frees everything the workload still holds. Idempotent. */
    @Override
    void close();
}
