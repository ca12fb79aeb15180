package io.memscope.core;

import io.memscope.core.internal.Bytes;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.MemoryTypeStats;
import io.memscope.core.stats.TagStats;
import java.util.Locale;

/** Renders the human-readable "detailed stats" report. Stateless. */
final class DetailedReport {
    private DetailedReport() {
    }

    static String render(String deviceName, MemoryStats stats, MemoryBudget budget, DeviceMemoryLayout layout) {
        StringBuilder out = new StringBuilder();
        out.append("=== memscope detailed statistics: ").append(deviceName).append(" ===\n");
        line(out, "Total allocated (blocks)", Bytes.format(stats.totalBytes()));
        line(out, "Used (allocations)", Bytes.format(stats.usedBytes()));
        line(out, "Active allocations", Long.toString(stats.allocationCount()));
        line(out, "Blocks", Long.toString(stats.blockCount()));
        line(out, "Fragmentation", percent(stats.fragmentationRatio()));
        line(out, "Free ranges", stats.total().freeRangeCount() + " (largest "
                + Bytes.format(stats.total().largestFreeRangeBytes()) + ")");
        out.append("--- Budget (").append(budget.source()).append(") ---\n");
        line(out, "Budget", Bytes.format(budget.budgetBytes()));
        line(out, "Usage", Bytes.format(budget.usageBytes()) + " (" + percent(budget.usagePercentage()) + ")"
                + (budget.isOverBudget() ? "  OVER BUDGET" : ""));
        out.append("--- Heaps ---\n");
        for (HeapStats heap : stats.heaps()) {
            HeapBudget b = budget.heap(heap.heapIndex());
            out.append(String.format(Locale.ROOT, "  heap %d%s size %s: blocks %s, used %s, %d allocs, frag %s, budget %s, usage %s%n",
                    heap.heapIndex(), heap.deviceLocal() ? " (device-local)" : "", Bytes.format(heap.heapSizeBytes()),
                    Bytes.format(heap.figures().totalBytes()), Bytes.format(heap.figures().usedBytes()),
                    heap.figures().allocationCount(), percent(heap.figures().fragmentationRatio()),
                    Bytes.format(b.budgetBytes()), percent(b.usagePercentage())));
        }
        out.append("--- Memory types ---\n");
        for (MemoryTypeStats type : stats.memoryTypes()) {
            if (type.figures().blockCount() == 0) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "  type %d (heap %d, %s): %d blocks %s, %d allocs %s, frag %s%n",
                    type.memoryTypeIndex(), type.heapIndex(), layout.type(type.memoryTypeIndex()).describeFlags(),
                    type.figures().blockCount(), Bytes.format(type.figures().totalBytes()),
                    type.figures().allocationCount(), Bytes.format(type.figures().usedBytes()),
                    percent(type.figures().fragmentationRatio())));
        }
        out.append("--- Tags ---\n");
        for (TagStats tag : stats.tags().values()) {
            out.append(String.format(Locale.ROOT, "  %-24s %6d allocs (%d buffers, %d images) %s%n", tag.tag(),
                    tag.allocationCount(), tag.bufferCount(), tag.imageCount(), Bytes.format(tag.usedBytes())));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-26s %s%n", label + ":", value));
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100.0);
    }
}
