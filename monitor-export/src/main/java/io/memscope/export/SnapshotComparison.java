package io.memscope.export;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.TagStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two snapshots: device figures, per tag, and which allocations appeared or went.
 *
 * <p>Immutable; safe to share between threads. Computing it is O(allocations of both snapshots).
 *
 * @param before the earlier snapshot
 * @param after the later snapshot
 * @param figures device-wide figures, before and after
 * @param tags per tag, before and after (tags present in either)
 * @param added allocations live in {@code after} but not in {@code before}
 * @param removed allocations live in {@code before} but not in {@code after}
 */
public record SnapshotComparison(MemorySnapshot before, MemorySnapshot after, List<Delta> figures, List<TagDelta> tags,
                                 List<AllocationInfo> added, List<AllocationInfo> removed) {

    /** One figure before and after; {@code unit} is "bytes", "count" or "ratio". */
    public record Delta(String figure, String unit, double before, double after) {
        public double change() {
            return after - before;
        }
    }

    /** One tag's used bytes and allocation count before and after. */
    public record TagDelta(String tag, long usedBefore, long usedAfter, long countBefore, long countAfter) {
        public long usedChange() {
            return usedAfter - usedBefore;
        }

        public long countChange() {
            return countAfter - countBefore;
        }
    }

    /** Compares {@code before} with {@code after} (pass them in time order for meaningful signs). */
    public static SnapshotComparison of(MemorySnapshot before, MemorySnapshot after) {
        List<Delta> figures = List.of(
                new Delta("Used", "bytes", before.stats().usedBytes(), after.stats().usedBytes()),
                new Delta("Allocated (blocks)", "bytes", before.stats().totalBytes(), after.stats().totalBytes()),
                new Delta("Allocations", "count", before.stats().allocationCount(), after.stats().allocationCount()),
                new Delta("Blocks", "count", before.stats().blockCount(), after.stats().blockCount()),
                new Delta("Fragmentation", "ratio", before.stats().fragmentationRatio(), after.stats().fragmentationRatio()),
                new Delta("Budget usage", "ratio", before.budget().usagePercentage(), after.budget().usagePercentage()));
        TreeSet<String> tagNames = new TreeSet<>(before.tags().keySet());
        tagNames.addAll(after.tags().keySet());
        List<TagDelta> tags = new ArrayList<>();
        for (String tag : tagNames) {
            TagStats b = before.stats().tag(tag);
            TagStats a = after.stats().tag(tag);
            tags.add(new TagDelta(tag, b.usedBytes(), a.usedBytes(), b.allocationCount(), a.allocationCount()));
        }
        Map<Long, AllocationInfo> beforeById = byId(before.allocations());
        Map<Long, AllocationInfo> afterById = byId(after.allocations());
        List<AllocationInfo> added = after.allocations().stream().filter(i -> !beforeById.containsKey(i.id())).toList();
        List<AllocationInfo> removed = before.allocations().stream().filter(i -> !afterById.containsKey(i.id())).toList();
        return new SnapshotComparison(before, after, figures, tags, added, removed);
    }

    private static Map<Long, AllocationInfo> byId(List<AllocationInfo> allocations) {
        return allocations.stream().collect(Collectors.toMap(AllocationInfo::id, Function.identity()));
    }

    /** A figure by name. */
    public Delta figure(String name) {
        return figures.stream().filter(d -> d.figure().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure " + name));
    }

    /** A tag's delta; zeros if neither snapshot had it. */
    public TagDelta tag(String name) {
        return tags.stream().filter(t -> t.tag().equals(name)).findFirst().orElse(new TagDelta(name, 0, 0, 0, 0));
    }

    /**
     * The comparison as a fixed-width text table for people (the dashboard's Snapshots tab shows it): figures
     * before, after and their change (bytes in binary units, ratios in percent and percentage points), each
     * tag's change, and how many allocations were added and removed. Cost: O(figures + tags).
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "#%d %s  →  #%d %s%n%n", before.id(), before.description(),
                after.id(), after.description()));
        text.append(String.format(Locale.ROOT, "%-20s %16s %16s %16s%n", "figure", "before", "after", "delta"));
        for (Delta d : figures) {
            text.append(String.format(Locale.ROOT, "%-20s %16s %16s %16s%n", d.figure(), value(d.unit(), d.before()),
                    value(d.unit(), d.after()), change(d.unit(), d.change())));
        }
        text.append(String.format(Locale.ROOT, "%n%-20s %16s %16s%n", "tag", "used delta", "count delta"));
        for (TagDelta t : tags) {
            text.append(String.format(Locale.ROOT, "%-20s %16s %+16d%n", t.tag(), Formats.signedBytes(t.usedChange()),
                    t.countChange()));
        }
        text.append(String.format(Locale.ROOT, "%nallocations added: %d, removed: %d%n", added.size(), removed.size()));
        return text.toString();
    }

    private static String value(String unit, double value) {
        return switch (unit) {
            case "bytes" -> Formats.bytes((long) value);
            case "ratio" -> Formats.percent(value);
            default -> String.valueOf((long) value);
        };
    }

    private static String change(String unit, double change) {
        return switch (unit) {
            case "bytes" -> Formats.signedBytes((long) change);
            case "ratio" -> String.format(Locale.ROOT, "%+.1f pp", change * 100);
            default -> String.format(Locale.ROOT, "%+d", (long) change);
        };
    }
}
