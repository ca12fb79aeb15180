package io.memscope.export.capture;

import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a {@link Replay} compares, for the capture or for the replay. Bytes, counts, and fractions in
 * {@code [0, 1)}; definitions as in {@code MemoryFigures} (docs/allocator.md): block bytes = {@code totalBytes}, used
 * bytes = {@code usedBytes} (allocated sizes), fragmentation = Sawicki's F2 over the device's free ranges.
 *
 * <p>A figure the source cannot give is {@code -1} ({@link Double#NaN} for fractions): a capture without
 * {@code memscope.StatsSampled} events has no block figures, and a capture never records failed allocations.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param peakBlockBytes the most block bytes seen
 * @param peakUsedBytes the most used bytes seen
 * @param finalUsedBytes used bytes at the end
 * @param peakFragmentation the highest fragmentation seen
 * @param finalFragmentation fragmentation at the last measurement
 * @param peakBlockCount the most {@code VkDeviceMemory} blocks seen
 * @param finalBlockCount blocks at the last measurement
 * @param failedAllocations allocations that failed (out of device memory, or larger than the heap)
 * @param measurements how many points the block figures and fragmentation were taken at
 * @param peakUsedBytesByTag the most used bytes seen per tag, by tag name
 */
public record ReplayFigures(long peakBlockBytes, long peakUsedBytes, long finalUsedBytes, double peakFragmentation,
                            double finalFragmentation, long peakBlockCount, long finalBlockCount, long failedAllocations,
                            long measurements, Map<String, Long> peakUsedBytesByTag) {
    public ReplayFigures {
        peakUsedBytesByTag = java.util.Collections.unmodifiableMap(new TreeMap<>(peakUsedBytesByTag));
    }
}
