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
 * @param priority {@code VmaAllocationCreateInfo.priority} of requests that name none, in {@code [0, 1]}
 * @param withinBudget whether every allocation gets {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}
 */
record FacadeSettings(String tag, AllocationStrategy strategy, long customBlockBytes, long bufferAlignment,
                      float priority, boolean withinBudget) {
    /** VMA's own default priority ({@code VkMemoryPriorityAllocateInfoEXT}'s middle), for facades that set none. */
    static final float DEFAULT_PRIORITY = 0.5f;

    /** A facade's settings before any setter ran. */
    static FacadeSettings defaults(String tag) {
        return new FacadeSettings(tag, AllocationStrategy.DEFAULT, 0, 0, DEFAULT_PRIORITY, false);
    }

    /** Whether the facade's buffers come from a custom pool (own block size or alignment). */
    boolean needsCustomPool() {
        return bufferAlignment != 0 || customBlockBytes != 0;
    }

    FacadeSettings withStrategy(AllocationStrategy value) {
        return new FacadeSettings(tag, value, customBlockBytes, bufferAlignment, priority, withinBudget);
    }

    FacadeSettings withCustomBlockBytes(long value) {
        return new FacadeSettings(tag, strategy, value, bufferAlignment, priority, withinBudget);
    }

    FacadeSettings withBufferAlignment(long value) {
        return new FacadeSettings(tag, strategy, customBlockBytes, value, priority, withinBudget);
    }

    FacadeSettings withPriority(float value) {
        return new FacadeSettings(tag, strategy, customBlockBytes, bufferAlignment, value, withinBudget);
    }

    FacadeSettings withWithinBudget(boolean value) {
        return new FacadeSettings(tag, strategy, customBlockBytes, bufferAlignment, priority, value);
    }
}
