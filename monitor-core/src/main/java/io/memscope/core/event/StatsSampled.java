package io.memscope.core.event;

import io.memscope.core.stats.MemoryStats;

/**
 * The sampler computed device-wide statistics: per heap, memory type and tag, with fragmentation.
 *
 * <p>Immutable; safe to share between threads.
 */
public record StatsSampled(EventHeader header, MemoryStats stats) implements SampleEvent {
}
