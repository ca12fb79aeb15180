package io.memscope.core.event;

import io.memscope.core.stats.MemoryBudget;

/**
 * The sampler read the budget of every heap.
 *
 * <p>Immutable; safe to share between threads.
 */
public record BudgetSampled(EventHeader header, MemoryBudget budget) implements SampleEvent {
}
