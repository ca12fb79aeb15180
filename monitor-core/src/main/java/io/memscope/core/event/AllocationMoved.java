package io.memscope.core.event;

/**
 * Defragmentation moved an allocation: same id and Java handle, new block, offset and resource handle.
 * Engine code rewrites descriptors that named {@code before.resource()}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param before where it was
 * @param allocation where it is now
 */
public record AllocationMoved(EventHeader header, AllocationInfo before, AllocationInfo allocation)
        implements AllocationEvent {
}
