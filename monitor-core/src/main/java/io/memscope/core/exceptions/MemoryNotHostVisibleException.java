package io.memscope.core.exceptions;

import io.memscope.core.GpuTransfers;
import io.memscope.core.MemoryUsage;

/**
 * Mapping was asked of an allocation whose memory type is not {@code HOST_VISIBLE}. Allocate with
 * {@link MemoryUsage#CPU_TO_GPU}, {@link MemoryUsage#GPU_TO_CPU} or {@link MemoryUsage#CPU_ONLY} to map, or
 * upload through {@link GpuTransfers}.
 */
public final class MemoryNotHostVisibleException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MemoryNotHostVisibleException(String message) {
        super(message);
    }
}
