package io.memscope.core.stats;

/**
 * One {@code VkMemoryHeap} of the device.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param index heap index
 * @param sizeBytes heap size in bytes as the driver reports it
 * @param deviceLocal whether {@code VK_MEMORY_HEAP_DEVICE_LOCAL_BIT} is set
 */
public record MemoryHeapInfo(int index, long sizeBytes, boolean deviceLocal) {
}
