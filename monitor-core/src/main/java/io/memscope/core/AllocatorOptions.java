package io.memscope.core;

/**
 * Options of an {@link AllocatorCore}.
 *
 * <p>memscope always passes the heap sizes to VMA as {@code pHeapSizeLimit}, so a heap fills at its
 * reported size on every driver (lavapipe would otherwise overcommit). {@code heapSizeLimitBytes} lowers
 * that limit further.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param heapSizeLimitBytes if {@code > 0}, VMA treats every heap as at most this large
 *     ({@code VmaAllocatorCreateInfo.pHeapSizeLimit}) and fails with {@code VK_ERROR_OUT_OF_DEVICE_MEMORY}
 *     beyond it; useful to simulate small GPUs and to test memory pressure. 0 = the real heap sizes.
 * @param preferredLargeHeapBlockSize VMA's default block size for large heaps; 0 = VMA's default (256 MiB)
 * @param monitor how the core's {@link MemoryMonitor} records and publishes events
 */
public record AllocatorOptions(long heapSizeLimitBytes, long preferredLargeHeapBlockSize, MonitorOptions monitor) {
    public AllocatorOptions {
        if (heapSizeLimitBytes < 0 || preferredLargeHeapBlockSize < 0) {
            throw new IllegalArgumentException("sizes must be >= 0");
        }
    }

    public static AllocatorOptions defaults() {
        return new AllocatorOptions(0, 0, MonitorOptions.defaults());
    }

    public AllocatorOptions withHeapSizeLimit(long bytes) {
        return new AllocatorOptions(bytes, preferredLargeHeapBlockSize, monitor);
    }

    public AllocatorOptions withPreferredLargeHeapBlockSize(long bytes) {
        return new AllocatorOptions(heapSizeLimitBytes, bytes, monitor);
    }

    public AllocatorOptions withMonitor(MonitorOptions options) {
        return new AllocatorOptions(heapSizeLimitBytes, preferredLargeHeapBlockSize, options);
    }
}
