package io.memscope.core.management;

import java.util.List;

/**
 * The call stack of one allocation, innermost frame first (the first frame is the code that called memscope's
 * allocator: memscope's own frames, and JFR's, are trimmed from the top), outermost last (a thread's {@code run} or
 * {@code main}). At most the recording's stack depth (64 frames by default); a deeper stack is cut at the outer end
 * and {@link #truncated()} says so.
 *
 * <p>Immutable. Readers share one instance per distinct stack, so holding the stacks of many allocations costs a
 * reference each.
 *
 * @param frames innermost first; empty if every recorded frame was memscope's own
 * @param truncated whether JFR cut the stack at its depth limit
 */
public record CallStack(List<StackFrame> frames, boolean truncated) {
    public CallStack {
        frames = List.copyOf(frames);
    }

    /** The innermost frame (the allocating call site), or null for an empty stack. */
    public @org.jspecify.annotations.Nullable StackFrame top() {
        return frames.isEmpty() ? null : frames.get(0);
    }
}
