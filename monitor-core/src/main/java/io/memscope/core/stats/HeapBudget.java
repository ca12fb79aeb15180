package io.memscope.core.stats;

import io.memscope.core.AllocatorOptions;

/**
 * Budget and usage of one heap, from {@code vmaGetHeapBudgets}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param heapIndex heap index
 * @param heapSizeBytes the heap's size as the allocator may use it: the physical size, lowered to
 *                      {@link AllocatorOptions#heapSizeLimitBytes()} when that is set (VMA's estimated budget is
 *                      80 % of this figure)
 * @param deviceLocal whether the heap is device-local
 * @param budgetBytes how much this process may use before the system starts to suffer
 * @param usageBytes how much this process uses now (with {@link BudgetSource#EXT_MEMORY_BUDGET}: as the driver counts it)
 * @param blockBytes bytes of VMA's blocks on this heap
 * @param allocationBytes bytes of live allocations on this heap
 * @param physicalHeapSizeBytes the heap's size as the device reports it ({@code VkMemoryHeap.size})
 */
public record HeapBudget(int heapIndex, long heapSizeBytes, boolean deviceLocal, long budgetBytes, long usageBytes,
                         long blockBytes, long allocationBytes, long physicalHeapSizeBytes) {

    /** {@code usageBytes / budgetBytes} as a fraction (0.5 = 50 %); above 1 when over budget; 0 if the budget is 0. */
    public double usagePercentage() {
        return budgetBytes == 0 ? 0.0 : (double) usageBytes / budgetBytes;
    }

    /** {@code usageBytes > budgetBytes}. */
    public boolean isOverBudget() {
        return usageBytes > budgetBytes;
    }
}
