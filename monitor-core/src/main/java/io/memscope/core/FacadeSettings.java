package io.memscope.core;

/**
 * What the engine needs to know of a {@link MemoryAllocator} to place its allocations, as one immutable value:
 * the facade replaces it when a setting changes, so the allocation path reads one field and allocates nothing,
 * and the engine never calls the facade back.
 *
 * @param tag the facade's tag
 * @param strategy VMA placement strategy
 * @param customBlockBytes block size in bytes of the facade's custom pool (0 = VMA's default blocks)
 * @param bufferAlignment minimum buffer alignment in bytes (0 = VMA's)
 */
record FacadeSettings(String tag, AllocationStrategy strategy, long customBlockBytes, long bufferAlignment) {
    /** Whether the facade's buffers come from a custom pool (own block size or alignment). */
    boolean needsCustomPool() {
        return bufferAlignment != 0 || customBlockBytes != 0;
    }

    FacadeSettings withStrategy(AllocationStrategy value) {
        return new FacadeSettings(tag, value, customBlockBytes, bufferAlignment);
    }

    FacadeSettings withCustomBlockBytes(long value) {
        return new FacadeSettings(tag, strategy, value, bufferAlignment);
    }

    FacadeSettings withBufferAlignment(long value) {
        return new FacadeSettings(tag, strategy, customBlockBytes, value);
    }
}
