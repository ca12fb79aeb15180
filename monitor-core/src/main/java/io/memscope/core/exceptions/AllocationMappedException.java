package io.memscope.core.exceptions;

import io.memscope.core.MappedMemory;

/**
 * An allocation was freed while a {@link MappedMemory} view of it was still open. Close the view first:
 * freeing mapped memory would leave a Java {@code ByteBuffer} pointing at released memory.
 */
public final class AllocationMappedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AllocationMappedException(String message) {
        super(message);
    }
}
