/**
 * The figures memscope computes, as immutable records: statistics per heap, memory type and tag
 * ({@link io.memscope.core.stats.MemoryStats}), budgets ({@link io.memscope.core.stats.MemoryBudget}), the
 * device's memory layout, pool and defragmentation results, leak reports and snapshots.
 *
 * <p>Every record is immutable and safe to share between threads; each number's definition (formula, unit,
 * range) is in its Javadoc and in {@code docs/allocator.md}. Sizes are in bytes; fractions in {@code [0, 1]}
 * unless a Javadoc says a value can pass 1 (usage over budget).
 */
@NullMarked
package io.memscope.core.stats;

import org.jspecify.annotations.NullMarked;
