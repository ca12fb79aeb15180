/**
 * The seed's renderers as frame-driven workloads on real Vulkan, so the monitor has something real to
 * watch. Each is deterministic for a given seed.
 */
@NullMarked
package io.memscope.samples.workloads;

import org.jspecify.annotations.NullMarked;
