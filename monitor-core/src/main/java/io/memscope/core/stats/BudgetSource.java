package io.memscope.core.stats;

/** Where the figures of a {@link MemoryBudget} come from. */
public enum BudgetSource {
    /** The driver, through {@code VK_EXT_memory_budget}: usage counts other processes too. */
    EXT_MEMORY_BUDGET,
    /** VMA's estimate without the extension: usage = this process's block bytes, budget = 80 % of the heap. */
    VMA_ESTIMATE
}
