package io.memscope.core;

/**
 * A heap's budget usage crossed a facade's warning threshold ({@link MemoryAllocator#setMemoryUsageWarningThreshold});
 * the same crossing is published on the monitor as a {@link io.memscope.core.event.ThresholdCrossed} of kind
 * {@code TAG_USAGE}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param tag the facade whose threshold it is
 * @param heapIndex the heap
 * @param usageFraction usage / budget at the crossing
 * @param threshold the threshold crossed
 * @param raised {@code true} when usage rose above the threshold, {@code false} when it fell back below (by more
 *               than the monitor's hysteresis)
 * @param scope the same in words, e.g. {@code "tag TerrainRenderer, heap 0 (device-local)"}
 */
public record MemoryWarning(String tag, int heapIndex, double usageFraction, double threshold, boolean raised,
                            String scope) {
}
