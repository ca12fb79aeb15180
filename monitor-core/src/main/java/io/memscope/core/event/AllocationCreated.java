package io.memscope.core.event;

/**
 * An allocation was made. {@code allocation} is where it was placed.
 *
 * <p>Immutable; safe to share between threads.
 */
public record AllocationCreated(EventHeader header, AllocationInfo allocation) implements AllocationEvent {
}
