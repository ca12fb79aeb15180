package io.memscope.core.stats;

import java.util.List;

/**
 * The device's memory heaps and types as {@code vkGetPhysicalDeviceMemoryProperties} reports them.
 * Immutable; any thread.
 */
public record DeviceMemoryLayout(List<MemoryHeapInfo> heaps, List<MemoryTypeInfo> types) {
    public DeviceMemoryLayout {
        heaps = List.copyOf(heaps);
        types = List.copyOf(types);
    }

    public MemoryTypeInfo type(int index) {
        return types.get(index);
    }

    public MemoryHeapInfo heap(int index) {
        return heaps.get(index);
    }

    /** Size of the largest heap in bytes: no single allocation can be larger. */
    public long largestHeapBytes() {
        return heaps.stream().mapToLong(MemoryHeapInfo::sizeBytes).max().orElse(0);
    }
}
