/**
 * JMH benchmarks. Each compares memscope with the raw LWJGL VMA call doing the same work, in the same run,
 * on the same {@code VmaAllocator}; results are reported as ratios in {@code docs/performance.md}.
 */
@NullMarked
package io.memscope.benchmarks;

import org.jspecify.annotations.NullMarked;
