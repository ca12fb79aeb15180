package io.memscope.core.exceptions;

import io.memscope.core.AllocatorCore;

/**
 * An allocation was handed to an allocator (or pool) it does not belong to, e.g. an allocation of one
 * {@link AllocatorCore} passed to another device's allocator. Facades of the same core may free each
 * other's allocations; cores may not.
 */
public final class ForeignAllocationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ForeignAllocationException(String message) {
        super(message);
    }
}
