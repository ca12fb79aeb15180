package io.memscope.core.event;

/**
 * An allocation was freed. {@code lifetimeNanos}: how long it lived (about 1 ms precision).
 *
 * <p>Immutable; safe to share between threads.
 */
public record AllocationFreed(EventHeader header, AllocationInfo allocation, long lifetimeNanos) implements AllocationEvent {
}
