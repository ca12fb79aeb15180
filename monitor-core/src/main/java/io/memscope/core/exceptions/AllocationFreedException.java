package io.memscope.core.exceptions;

/**
 * An allocation was used after it was freed, or freed twice. Thrown before any native call; the allocator
 * and its other allocations are unaffected.
 */
public final class AllocationFreedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AllocationFreedException(String message) {
        super(message);
    }
}
