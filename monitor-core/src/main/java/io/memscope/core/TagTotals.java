package io.memscope.core;

/**
 * The ledger's running totals of one tag's live allocations, changed in O(1) per allocation and free. Guarded by
 * the core lock, like the {@link Ledger} that owns it.
 */
final class TagTotals {
    final String tag;
    long count;
    long usedBytes;
    long requestedBytes;
    long buffers;
    long images;

    TagTotals(String tag) {
        this.tag = tag;
    }

    void add(Allocation allocation, int sign) {
        count += sign;
        usedBytes += sign * allocation.allocatedSize;
        requestedBytes += sign * allocation.getSize();
        if (allocation.getKind() == AllocationKind.BUFFER) {
            buffers += sign;
        } else {
            images += sign;
        }
    }
}
