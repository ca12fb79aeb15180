package io.memscope.core.exceptions;

/**
 * A request that can never succeed was rejected before any native call: a zero, negative or absurd size
 * (larger than the largest memory heap), no usage flags, an image format the device cannot create, a
 * persistent mapping of device-only memory, and so on. The message names the field and the limit.
 */
public final class InvalidAllocationRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidAllocationRequestException(String message) {
        super(message);
    }
}
