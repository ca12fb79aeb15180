package io.memscope.core.internal.jfr;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.BudgetSource;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.PoolStats;
import io.memscope.core.stats.MemoryTypeInfo;
import io.memscope.core.stats.MemoryTypeStats;
import io.memscope.core.stats.TagStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compact, lossless text encoding of the figure records that JFR fields (primitives and strings only) and JMX
 * attributes carry as one string: statistics, budgets, layouts, defragmentation results, snapshots. Values are
 * written in order, each ended by {@code ';'}: integers in decimal, doubles as {@link Double#toString(double)} (which
 * parses back to the same value), strings as {@code length:chars} ({@code ~} for null), so any character is allowed.
 * The format is memscope's own and may change between versions; read it only with this class.
 *
 * <p>Stateless and thread-safe. Cost: O(size of the record), one string.
 */
@SuppressWarnings({"JavaDurationGetSecondsGetNano", "JavaInstantGetSecondsGetNano", "JavaDurationGetSecondsToToSeconds"})
public final class PayloadCodec { // seconds and nanosecond part are both written: the encoding is lossless
    private PayloadCodec() {
    }

    // ------------------------------------------------------------------------------------------------ records

    public static String encode(MemoryStats stats) {
        Writer w = new Writer();
        writeStats(w, stats);
        return w.toString();
    }

    public static MemoryStats decodeStats(String text) {
        return readStats(new Reader(text));
    }

    public static String encode(MemoryBudget budget) {
        Writer w = new Writer();
        writeBudget(w, budget);
        return w.toString();
    }

    public static MemoryBudget decodeBudget(String text) {
        return readBudget(new Reader(text));
    }

    public static String encode(DefragmentationResult r) {
        Writer w = new Writer();
        w.string(r.algorithm()).num(r.bytesMoved()).num(r.allocationsMoved()).num(r.bytesFreed()).num(r.blocksFreed())
                .dbl(r.fragmentationBefore()).dbl(r.fragmentationAfter()).num(r.usedBytesBefore()).num(r.usedBytesAfter())
                .num(r.totalBytesBefore()).num(r.totalBytesAfter()).num(r.passes()).num(r.duration().getSeconds())
                .num(r.duration().getNano()).bool(r.complete());
        return w.toString();
    }

    public static DefragmentationResult decodeDefragmentationResult(String text) {
        Reader r = new Reader(text);
        return new DefragmentationResult(r.string(), r.num(), r.integer(), r.num(), r.integer(), r.dbl(), r.dbl(),
                r.num(), r.num(), r.num(), r.num(), r.integer(), Duration.ofSeconds(r.num(), r.num()), r.bool());
    }

    public static String encode(DeviceMemoryLayout layout) {
        Writer w = new Writer();
        w.num(layout.heaps().size());
        for (MemoryHeapInfo h : layout.heaps()) {
            w.num(h.index()).num(h.sizeBytes()).bool(h.deviceLocal());
        }
        w.num(layout.types().size());
        for (MemoryTypeInfo t : layout.types()) {
            w.num(t.index()).num(t.heapIndex()).num(t.propertyFlags());
        }
        return w.toString();
    }

    public static DeviceMemoryLayout decodeLayout(String text) {
        Reader r = new Reader(text);
        int heaps = r.integer();
        List<MemoryHeapInfo> heapList = new ArrayList<>(heaps);
        for (int i = 0; i < heaps; i++) {
            heapList.add(new MemoryHeapInfo(r.integer(), r.num(), r.bool()));
        }
        int types = r.integer();
        List<MemoryTypeInfo> typeList = new ArrayList<>(types);
        for (int i = 0; i < types; i++) {
            typeList.add(new MemoryTypeInfo(r.integer(), r.integer(), r.integer()));
        }
        return new DeviceMemoryLayout(heapList, typeList);
    }

    /** A snapshot; its allocations only when {@code withAllocations} (else it decodes with none). */
    public static String encode(MemorySnapshot s, boolean withAllocations) {
        Writer w = new Writer();
        w.num(s.id()).num(s.takenAt().getEpochSecond()).num(s.takenAt().getNano()).num(s.monotonicNanos())
                .string(s.description());
        writeStats(w, s.stats());
        writeBudget(w, s.budget());
        List<AllocationInfo> allocations = withAllocations ? s.allocations() : List.of();
        w.num(allocations.size());
        for (AllocationInfo a : allocations) {
            writeAllocation(w, a);
        }
        return w.toString();
    }

    public static MemorySnapshot decodeSnapshot(String text) {
        Reader r = new Reader(text);
        long id = r.num();
        Instant takenAt = Instant.ofEpochSecond(r.num(), r.num());
        long nanos = r.num();
        String description = r.string();
        MemoryStats stats = readStats(r);
        MemoryBudget budget = readBudget(r);
        int n = r.integer();
        List<AllocationInfo> allocations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            allocations.add(readAllocation(r));
        }
        return new MemorySnapshot(id, takenAt, nanos, description, stats, budget, allocations);
    }

    /**
     * Live allocations (oldest first) as parts of at most about {@code maxChars} characters each (a part always holds
     * at least one allocation; an empty list gives one empty part). Each part is self-contained: its own tag table,
     * then one row per allocation with kinds and memory usages as enum ordinals. O(n).
     */
    @SuppressWarnings("EnumOrdinal") // compact by design: decodeStatePart reads them back with the same enums
    public static List<String> encodeStateParts(List<AllocationInfo> allocations, int maxChars) {
        List<String> parts = new ArrayList<>();
        Map<String, Integer> tags = new LinkedHashMap<>();
        Writer rows = new Writer();
        int count = 0;
        for (AllocationInfo a : allocations) {
            Integer tag = tags.get(a.tag());
            if (tag == null) {
                tag = tags.size();
                tags.put(a.tag(), tag);
            }
            rows.num(a.id()).num(tag).num(a.kind().ordinal()).string(a.name()).num(a.sizeBytes())
                    .num(a.allocatedBytes()).num(a.memoryUsage().ordinal()).num(a.memoryTypeIndex()).num(a.heapIndex())
                    .num(a.deviceMemory()).num(a.offset()).num(a.resource()).num(a.createdEpochMillis());
            count++;
            if (rows.length() >= maxChars) {
                parts.add(statePart(tags, count, rows));
                tags.clear();
                rows = new Writer();
                count = 0;
            }
        }
        if (count > 0 || parts.isEmpty()) {
            parts.add(statePart(tags, count, rows));
        }
        return parts;
    }

    private static String statePart(Map<String, Integer> tags, int count, Writer rows) {
        Writer w = new Writer();
        w.num(tags.size());
        tags.keySet().forEach(w::string);
        w.num(count);
        return w + rows.toString();
    }

    /** The allocations of one part written by {@link #encodeStateParts(List, int)}. O(part). */
    public static List<AllocationInfo> decodeStatePart(String text) {
        Reader r = new Reader(text);
        int tagCount = r.integer();
        String[] tags = new String[tagCount];
        for (int i = 0; i < tagCount; i++) {
            tags[i] = r.string();
        }
        AllocationKind[] kinds = AllocationKind.values();
        MemoryUsage[] usages = MemoryUsage.values();
        int n = r.integer();
        List<AllocationInfo> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = r.num();
            String tag = tags[r.integer()];
            AllocationKind kind = kinds[r.integer()];
            String name = r.nullableString();
            out.add(new AllocationInfo(id, tag, kind, name, r.num(), r.num(), usages[r.integer()], r.integer(),
                    r.integer(), r.num(), r.num(), r.num(), r.num()));
        }
        return out;
    }

    /** Encodes {@code blocks} (a core's {@code VkDeviceMemory} blocks). */
    public static String encode(List<MemoryBlock> blocks) {
        Writer w = new Writer();
        w.num(blocks.size());
        for (MemoryBlock b : blocks) {
            w.num(b.deviceMemory()).num(b.memoryTypeIndex()).num(b.heapIndex()).num(b.sizeBytes()).string(b.pool())
                    .bool(b.dedicated()).bool(b.sizeKnown());
        }
        return w.toString();
    }

    /** Decodes what {@link #encode(List)} wrote. */
    public static List<MemoryBlock> decodeBlocks(String text) {
        Reader r = new Reader(text);
        int count = r.integer();
        List<MemoryBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(new MemoryBlock(r.num(), r.integer(), r.integer(), r.num(), r.nullableString(), r.bool(),
                    r.bool()));
        }
        return blocks;
    }

    // ------------------------------------------------------------------------------------------------ parts

    private static void writeStats(Writer w, MemoryStats stats) {
        w.num(stats.takenAt().getEpochSecond()).num(stats.takenAt().getNano());
        writeFigures(w, stats.total());
        w.num(stats.heaps().size());
        for (HeapStats h : stats.heaps()) {
            w.num(h.heapIndex()).bool(h.deviceLocal()).num(h.heapSizeBytes());
            writeFigures(w, h.figures());
        }
        w.num(stats.memoryTypes().size());
        for (MemoryTypeStats t : stats.memoryTypes()) {
            w.num(t.memoryTypeIndex()).num(t.heapIndex()).num(t.propertyFlags());
            writeFigures(w, t.figures());
        }
        w.num(stats.tags().size());
        for (TagStats t : stats.tags().values()) {
            w.string(t.tag()).num(t.allocationCount()).num(t.usedBytes()).num(t.requestedBytes()).num(t.bufferCount())
                    .num(t.imageCount());
        }
        // Since pools and per-tag block figures exist: a marker, so payloads written before them still read.
        w.raw(BLOCK_FIGURES_MARKER).num(stats.pools().size());
        for (PoolStats p : stats.pools()) {
            w.string(p.label()).num(p.memoryTypeIndex()).num(p.blockSizeBytes());
            writeFigures(w, p.figures());
        }
        w.num(stats.tagBlocks().size());
        for (Map.Entry<String, MemoryFigures> e : stats.tagBlocks().entrySet()) {
            w.string(e.getKey());
            writeFigures(w, e.getValue());
        }
    }

    private static MemoryStats readStats(Reader r) {
        Instant takenAt = Instant.ofEpochSecond(r.num(), r.num());
        MemoryFigures total = readFigures(r);
        int heaps = r.integer();
        List<HeapStats> heapList = new ArrayList<>(heaps);
        for (int i = 0; i < heaps; i++) {
            heapList.add(new HeapStats(r.integer(), r.bool(), r.num(), readFigures(r)));
        }
        int types = r.integer();
        List<MemoryTypeStats> typeList = new ArrayList<>(types);
        for (int i = 0; i < types; i++) {
            typeList.add(new MemoryTypeStats(r.integer(), r.integer(), r.integer(), readFigures(r)));
        }
        int tags = r.integer();
        Map<String, TagStats> tagMap = new LinkedHashMap<>();
        for (int i = 0; i < tags; i++) {
            TagStats t = new TagStats(r.string(), r.num(), r.num(), r.num(), r.num(), r.num());
            tagMap.put(t.tag(), t);
        }
        List<PoolStats> pools = new ArrayList<>();
        Map<String, MemoryFigures> tagBlocks = new LinkedHashMap<>();
        if (r.skip(BLOCK_FIGURES_MARKER)) {
            int poolCount = r.integer();
            for (int i = 0; i < poolCount; i++) {
                pools.add(new PoolStats(r.string(), r.integer(), r.num(), readFigures(r)));
            }
            int tagBlockCount = r.integer();
            for (int i = 0; i < tagBlockCount; i++) {
                tagBlocks.put(r.string(), readFigures(r));
            }
        }
        return new MemoryStats(takenAt, total, heapList, typeList, tagMap, pools, tagBlocks);
    }

    private static void writeFigures(Writer w, MemoryFigures f) {
        w.num(f.totalBytes()).num(f.usedBytes()).num(f.allocationCount()).num(f.blockCount()).num(f.freeRangeCount())
                .num(f.largestFreeRangeBytes()).dbl(f.fragmentationRatio());
    }

    private static MemoryFigures readFigures(Reader r) {
        return new MemoryFigures(r.num(), r.num(), r.num(), r.num(), r.num(), r.num(), r.dbl());
    }

    private static void writeBudget(Writer w, MemoryBudget budget) {
        w.string(budget.source().name()).num(budget.heaps().size());
        for (HeapBudget h : budget.heaps()) {
            w.num(h.heapIndex()).num(h.heapSizeBytes()).bool(h.deviceLocal()).num(h.budgetBytes()).num(h.usageBytes())
                    .num(h.blockBytes()).num(h.allocationBytes()).num(h.physicalHeapSizeBytes());
        }
    }

    private static MemoryBudget readBudget(Reader r) {
        BudgetSource source = BudgetSource.valueOf(r.string());
        int n = r.integer();
        List<HeapBudget> heaps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            heaps.add(new HeapBudget(r.integer(), r.num(), r.bool(), r.num(), r.num(), r.num(), r.num(), r.num()));
        }
        return new MemoryBudget(heaps, source);
    }

    private static void writeAllocation(Writer w, AllocationInfo a) {
        w.num(a.id()).string(a.tag()).string(a.kind().name()).string(a.name()).num(a.sizeBytes()).num(a.allocatedBytes())
                .string(a.memoryUsage().name()).num(a.memoryTypeIndex()).num(a.heapIndex()).num(a.deviceMemory())
                .num(a.offset()).num(a.resource()).num(a.createdEpochMillis());
    }

    private static AllocationInfo readAllocation(Reader r) {
        return new AllocationInfo(r.num(), r.string(), AllocationKind.valueOf(r.string()), r.nullableString(), r.num(),
                r.num(), MemoryUsage.valueOf(r.string()), r.integer(), r.integer(), r.num(), r.num(), r.num(), r.num());
    }

    // ------------------------------------------------------------------------------------------------ text

    /** Precedes the pool and per-tag block figures of statistics; absent from payloads written before them. */
    private static final String BLOCK_FIGURES_MARKER = "P;";

    private static final class Writer {
        private final StringBuilder sb = new StringBuilder(256);

        Writer num(long v) {
            sb.append(v).append(';');
            return this;
        }

        Writer dbl(double v) {
            sb.append(v).append(';');
            return this;
        }

        Writer bool(boolean v) {
            sb.append(v ? '1' : '0').append(';');
            return this;
        }

        /** Appends {@code token} as it is (a marker ending in ';'). */
        Writer raw(String token) {
            sb.append(token);
            return this;
        }

        Writer string(@Nullable String v) {
            if (v == null) {
                sb.append("~;");
            } else {
                sb.append(v.length()).append(':').append(v).append(';');
            }
            return this;
        }

        int length() {
            return sb.length();
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        private String token() {
            int end = text.indexOf(';', pos);
            if (end < 0) {
                throw new IllegalArgumentException("truncated memscope payload at " + pos);
            }
            String token = text.substring(pos, end);
            pos = end + 1;
            return token;
        }

        long num() {
            return Long.parseLong(token());
        }

        int integer() {
            return Math.toIntExact(num());
        }

        double dbl() {
            return Double.parseDouble(token());
        }

        boolean bool() {
            return token().equals("1");
        }

        /** Consumes {@code token} if it comes next; false (nothing consumed) otherwise. */
        boolean skip(String token) {
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        String string() {
            String s = nullableString();
            if (s == null) {
                throw new IllegalArgumentException("unexpected null string in memscope payload at " + pos);
            }
            return s;
        }

        @Nullable String nullableString() {
            if (text.startsWith("~;", pos)) {
                pos += 2;
                return null;
            }
            int colon = text.indexOf(':', pos);
            if (colon < 0) {
                throw new IllegalArgumentException("malformed string in memscope payload at " + pos);
            }
            int length = Integer.parseInt(text, pos, colon, 10);
            int start = colon + 1;
            String s = text.substring(start, start + length);
            if (text.charAt(start + length) != ';') {
                throw new IllegalArgumentException("malformed string in memscope payload at " + pos);
            }
            pos = start + length + 1;
            return s;
        }
    }
}
