/**
 * The event hub: lock-free intake from allocating threads, one drain thread that numbers events, and a
 * bounded, policy-driven buffer per subscriber. Implementation detail of {@link io.memscope.core.MemoryMonitor};
 * not API.
 */
@NullMarked
package io.memscope.core.internal.events;

import org.jspecify.annotations.NullMarked;
