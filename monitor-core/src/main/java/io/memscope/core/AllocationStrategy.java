package io.memscope.core;

import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_STRATEGY_MIN_MEMORY_BIT;
import static org.lwjgl.util.vma.Vma.VMA_ALLOCATION_CREATE_STRATEGY_MIN_TIME_BIT;

/** How VMA chooses a free range for a new allocation; set per facade with {@link MemoryAllocator#setAllocationStrategy}. */
public enum AllocationStrategy {
    /** VMA's default balance of speed and packing. */
    DEFAULT(0),
    /** {@code VMA_ALLOCATION_CREATE_STRATEGY_MIN_TIME_BIT}: the first range that fits; fastest. */
    SPEED_OPTIMIZED(VMA_ALLOCATION_CREATE_STRATEGY_MIN_TIME_BIT),
    /** {@code VMA_ALLOCATION_CREATE_STRATEGY_MIN_MEMORY_BIT}: the best-fitting range; least fragmentation. */
    MEMORY_OPTIMIZED(VMA_ALLOCATION_CREATE_STRATEGY_MIN_MEMORY_BIT);

    private final int vmaFlags;

    AllocationStrategy(int vmaFlags) {
        this.vmaFlags = vmaFlags;
    }

    /** The {@code VMA_ALLOCATION_CREATE_STRATEGY_*} bits passed to VMA. */
    public int vmaFlags() {
        return vmaFlags;
    }
}
