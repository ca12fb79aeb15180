package io.memscope.core.event;

import io.memscope.core.MemorySnapshot;

/**
 * {@link io.memscope.core.MemoryMonitor#takeSnapshot(String)} recorded a snapshot.
 *
 * <p>Immutable; safe to share between threads.
 */
public record SnapshotTaken(EventHeader header, MemorySnapshot snapshot) implements MemoryEvent {
}
