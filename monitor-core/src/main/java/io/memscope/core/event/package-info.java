/**
 * Memory events: one sealed hierarchy of immutable records published by {@link io.memscope.core.MemoryMonitor}.
 *
 * <p>Every event carries an {@link io.memscope.core.event.EventHeader}: a sequence number, a monotonic
 * time stamp, wall-clock time, the allocator tag and the thread that caused it. Java {@code switch} and
 * Kotlin {@code when} over {@link io.memscope.core.event.MemoryEvent} are exhaustive.
 */
@NullMarked
package io.memscope.core.event;

import org.jspecify.annotations.NullMarked;
