package io.memscope.core.stats;

import io.memscope.core.AllocatorCore;
import java.util.List;

/**
 * Memory budget of the device: per heap and summed. From {@link AllocatorCore#getMemoryBudget()}; cheap
 * enough to ask every frame.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param heaps one entry per heap
 * @param source whether the figures come from {@code VK_EXT_memory_budget} or VMA's estimate
 */
public record MemoryBudget(List<HeapBudget> heaps, BudgetSource source) {
    public MemoryBudget {
        heaps = List.copyOf(heaps);
    }

    /** Sum of the heaps' budgets (C++ VMA wrappers' {@code MemoryBudget.totalBytes}). */
    public long budgetBytes() {
        return heaps.stream().mapToLong(HeapBudget::budgetBytes).sum();
    }

    /** Sum of the heaps' usage (C++ VMA wrappers' {@code MemoryBudget.usedBytes}). */
    public long usageBytes() {
        return heaps.stream().mapToLong(HeapBudget::usageBytes).sum();
    }

    /** {@code usageBytes() / budgetBytes()} as a fraction (0.9 = 90 %). */
    public double usagePercentage() {
        long budget = budgetBytes();
        return budget == 0 ? 0.0 : (double) usageBytes() / budget;
    }

    /** Whether any heap uses more than its budget. */
    public boolean isOverBudget() {
        return heaps.stream().anyMatch(HeapBudget::isOverBudget);
    }

    public HeapBudget heap(int index) {
        return heaps.get(index);
    }
}
