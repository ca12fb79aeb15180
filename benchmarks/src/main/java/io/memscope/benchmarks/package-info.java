/**
 * JMH benchmarks. Each compares memscope with the raw LWJGL VMA call doing the same work, in the same run,
 * on the same {@code VmaAllocator}; results are reported as ratios in {@code docs/performance.md}.
 *
 * <p>This module has no {@code module-info}, on purpose: some benchmarks are white-box (the event hub, the
 * free-range scan in {@code io.memscope.core.internal}, which monitor-core does not export), JMH has no module
 * name, and the module ships as one shaded jar run on the class path. See {@code docs/architecture.md}.
 */
@NullMarked
package io.memscope.benchmarks;

import org.jspecify.annotations.NullMarked;
