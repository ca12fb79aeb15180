package io.memscope.export;

import io.memscope.core.AllocationKind;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.MemoryMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MemoryMap} laid out in pixels, ready to draw: per heap and memory type a header line, under it one
 * horizontal bar per {@code VkDeviceMemory} block (as long as the block is large, relative to the largest block),
 * and in each bar, per pixel column, the tag that covers most of that column's bytes. Drawing it is then
 * O(pixels), whatever the number of allocations, and a point maps back to the allocation under it
 * ({@link #allocationAt}). {@link MemoryMapDrawing} draws it; {@link MemoryMapPng} to a PNG, the dashboard on a
 * JavaFX canvas.
 *
 * <p>In a bar: a column no allocation touches is free (the bar's grey); a column covered less than half is drawn
 * pale; every allocation covers at least one column, so a sub-pixel allocation stays visible as a hairline; images
 * have a dark foot; allocations wider than a few pixels are separated by a thin line. A block of unknown size
 * ({@link MemoryBlock#sizeKnown()} false: a capture's blocks, inferred from the allocations) is drawn to the end of
 * its last allocation, with a ragged right end and "≥" before its size.
 *
 * <p>Immutable; thread-safe. Cost: O(allocations + bars × width) to build (build it off the FX thread);
 * {@link #allocationAt} O(log bars + log allocations in the block).
 */
public final class MemoryMapLayout {
    /** Left and right margin, pixels. */
    public static final int MARGIN = 8;
    /** Width of the block labels left of the bars, pixels. */
    public static final int LABEL_WIDTH = 230;
    /** Height of a heap/memory-type header line, pixels. */
    public static final int HEADER_HEIGHT = 24;
    /** Height of a block bar, pixels. */
    public static final int BAR_HEIGHT = 18;
    /** Distance from one bar's top to the next, pixels. */
    public static final int ROW_PITCH = 24;
    /** The shortest bar, pixels (a block much smaller than the largest one). */
    public static final int MIN_BAR_WIDTH = 40;
    /** The narrowest layout, pixels. */
    public static final int MIN_WIDTH = LABEL_WIDTH + 2 * MARGIN + 120;

    static final int FLAG_IMAGE = 1;
    static final int FLAG_PALE = 2;

    /** A heap/memory-type header: its text at {@code y} (top of the line). */
    public record Header(int y, int heapIndex, int memoryTypeIndex, String text) {
    }

    /**
     * One block's bar.
     *
     * @param placements the block and its allocations
     * @param x left edge of the bar, pixels
     * @param y top of the bar, pixels
     * @param width the bar's width, pixels
     * @param label the block's label (size, pool, dedicated)
     * @param note right of the bar: how full it is
     * @param runs per run of equal columns 4 ints: first column, end column (exclusive), 0xRRGGBB, flags
     * @param separators columns where one wide allocation follows another directly
     */
    record Bar(MemoryMap.BlockPlacements placements, int x, int y, int width, String label, String note, int[] runs,
               int[] separators) {
        MemoryBlock block() {
            return placements.block();
        }

        /** Bytes per pixel column. */
        double bytesPerColumn() {
            return Math.max(1, placements.block().sizeBytes()) / (double) width;
        }
    }

    /** A rectangle in layout pixels. */
    public record Rect(double x, double y, double width, double height) {
    }

    /** One legend entry: a tag present in the map, its colour and its allocations' bytes there. */
    public record LegendEntry(String tag, int rgb, long allocatedBytes, int allocations) {
    }

    private final MemoryMap map;
    private final TagColors colors;
    private final int width;
    private final int height;
    private final List<Header> headers;
    private final List<Bar> bars;
    private final List<LegendEntry> legend;

    private MemoryMapLayout(MemoryMap map, TagColors colors, int width, int height, List<Header> headers,
                            List<Bar> bars, List<LegendEntry> legend) {
        this.map = map;
        this.colors = colors;
        this.width = width;
        this.height = height;
        this.headers = headers;
        this.bars = bars;
        this.legend = legend;
    }

    /**
     * Lays {@code map} out {@code width} pixels wide (at least {@link #MIN_WIDTH}) with the tag colours
     * {@code colors} (tags it does not know are grey; pass {@code colors.withTags(...)} to colour them).
     */
    public static MemoryMapLayout of(MemoryMap map, TagColors colors, int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("width must be > 0 pixels: " + width);
        }
        int w = Math.max(MIN_WIDTH, width);
        int barArea = w - LABEL_WIDTH - 2 * MARGIN - 70; // room right of the longest bar for its note
        long largest = 1;
        for (MemoryMap.BlockPlacements b : map.blocks()) {
            largest = Math.max(largest, b.block().sizeBytes());
        }
        List<Header> headers = new ArrayList<>();
        List<Bar> bars = new ArrayList<>(map.blocks().size());
        Map<String, long[]> tagTotals = new LinkedHashMap<>();
        int y = 0;
        List<MemoryMap.BlockPlacements> blocks = map.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            MemoryBlock block = blocks.get(i).block();
            if (i == 0 || blocks.get(i - 1).block().heapIndex() != block.heapIndex()
                    || blocks.get(i - 1).block().memoryTypeIndex() != block.memoryTypeIndex()) {
                headers.add(new Header(y, block.heapIndex(), block.memoryTypeIndex(), groupTitle(blocks, i)));
                y += HEADER_HEIGHT;
            }
            int barWidth = (int) Math.max(MIN_BAR_WIDTH, Math.round(barArea * (double) block.sizeBytes() / largest));
            bars.add(bar(blocks.get(i), LABEL_WIDTH + MARGIN, y + (ROW_PITCH - BAR_HEIGHT) / 2, barWidth, colors,
                    tagTotals));
            y += ROW_PITCH;
        }
        List<LegendEntry> legend = new ArrayList<>();
        for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(tagTotals).entrySet()) {
            legend.add(new LegendEntry(e.getKey(), colors.rgb(e.getKey()), e.getValue()[0], (int) e.getValue()[1]));
        }
        return new MemoryMapLayout(map, colors, w, y, List.copyOf(headers), List.copyOf(bars), List.copyOf(legend));
    }

    private static String groupTitle(List<MemoryMap.BlockPlacements> blocks, int first) {
        MemoryBlock head = blocks.get(first).block();
        int count = 0;
        long size = 0;
        long free = 0;
        boolean lowerBound = false;
        for (int i = first; i < blocks.size(); i++) {
            MemoryBlock b = blocks.get(i).block();
            if (b.heapIndex() != head.heapIndex() || b.memoryTypeIndex() != head.memoryTypeIndex()) {
                break;
            }
            count++;
            size += b.sizeBytes();
            free += blocks.get(i).freeBytes();
            lowerBound |= !b.sizeKnown();
        }
        return "Heap " + head.heapIndex() + " · memory type " + head.memoryTypeIndex() + " — " + count
                + (count == 1 ? " block, " : " blocks, ") + (lowerBound ? "≥ " : "") + Formats.bytes(size) + ", "
                + Formats.bytes(free) + " free";
    }

    private static Bar bar(MemoryMap.BlockPlacements placements, int x, int y, int width, TagColors colors,
                           Map<String, long[]> tagTotals) {
        MemoryBlock block = placements.block();
        double perColumn = Math.max(1, block.sizeBytes()) / (double) width;
        double[] cover = new double[width];
        double[] best = new double[width];
        int[] rgb = new int[width];
        int[] flags = new int[width];
        List<Integer> separators = new ArrayList<>();
        for (AllocationInfo a : placements.allocations()) {
            long[] totals = tagTotals.computeIfAbsent(a.tag(), k -> new long[2]);
            totals[0] += a.allocatedBytes();
            totals[1]++;
            double start = a.offset();
            double end = a.offset() + Math.max(1, a.allocatedBytes());
            int c0 = clamp((int) Math.floor(start / perColumn), width);
            int c1 = clamp((int) Math.ceil(end / perColumn) - 1, width);
            int color = colors.rgb(a.tag());
            int flag = a.kind() == AllocationKind.IMAGE ? FLAG_IMAGE : 0;
            for (int c = c0; c <= c1; c++) {
                double overlap = Math.max(Math.min(end, (c + 1) * perColumn) - Math.max(start, c * perColumn), 0.5);
                cover[c] += overlap;
                if (overlap > best[c]) {
                    best[c] = overlap;
                    rgb[c] = color;
                    flags[c] = flag;
                }
            }
            if (c1 - c0 >= 3 && c0 > 0 && cover[c0 - 1] > 0) {
                separators.add(c0);
            }
        }
        int[] runs = new int[width * 4];
        int n = 0;
        for (int c = 0; c < width; c++) {
            if (cover[c] <= 0) {
                continue;
            }
            int flag = flags[c] | (cover[c] < perColumn / 2 ? FLAG_PALE : 0);
            if (n > 0 && runs[n - 3] == c && runs[n - 2] == rgb[c] && runs[n - 1] == flag) {
                runs[n - 3] = c + 1;
            } else {
                runs[n] = c;
                runs[n + 1] = c + 1;
                runs[n + 2] = rgb[c];
                runs[n + 3] = flag;
                n += 4;
            }
        }
        String label = (block.sizeKnown() ? "" : "≥ ") + Formats.bytes(block.sizeBytes())
                + (block.dedicated() ? " · dedicated" : "")
                + (block.pool() != null ? " · pool " + shorten(block.pool(), 18) : "");
        long used = block.sizeBytes() - placements.freeBytes();
        String note = block.sizeBytes() == 0 ? "" : Math.round(100.0 * used / block.sizeBytes()) + " % used";
        return new Bar(placements, x, y, width, label, note, Arrays.copyOf(runs, n),
                separators.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String shorten(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static int clamp(int column, int width) {
        return Math.max(0, Math.min(width - 1, column));
    }

    /** The map laid out. */
    public MemoryMap map() {
        return map;
    }

    /** The tag colours used. */
    public TagColors colors() {
        return colors;
    }

    /** Width, pixels. */
    public int width() {
        return width;
    }

    /** Height of all headers and bars, pixels (0 for a map without blocks). */
    public int height() {
        return height;
    }

    /** The heap/memory-type header lines, top to bottom. */
    public List<Header> headers() {
        return headers;
    }

    /** Blocks drawn (one bar each). */
    public int barCount() {
        return bars.size();
    }

    /** The bar of block {@code index} ({@link MemoryMap#blocks()} order). */
    public Rect barBounds(int index) {
        Bar bar = bars.get(index);
        return new Rect(bar.x(), bar.y(), bar.width(), BAR_HEIGHT);
    }

    /** The tags present in the map, by name, with their colours and bytes. */
    public List<LegendEntry> legend() {
        return legend;
    }

    List<Bar> bars() {
        return bars;
    }

    /** Distinct colour runs drawn in block {@code index}'s bar (for tests: drawing cost is O(runs)). */
    public int runCount(int index) {
        return bars.get(index).runs().length / 4;
    }

    /**
     * The allocation drawn at ({@code x}, {@code y}): the one covering the middle byte of that pixel column, or,
     * where a column holds only parts of allocations, the one covering most of it; empty over free space, labels
     * and headers.
     */
    public Optional<AllocationInfo> allocationAt(double x, double y) {
        Bar bar = barAt(y);
        if (bar == null || x < bar.x() || x >= bar.x() + bar.width()) {
            return Optional.empty();
        }
        int column = (int) Math.floor(x - bar.x());
        double perColumn = bar.bytesPerColumn();
        long from = (long) Math.floor(column * perColumn);
        long to = (long) Math.ceil((column + 1) * perColumn);
        Optional<AllocationInfo> middle = bar.placements().allocationAt((from + to) / 2);
        if (middle.isPresent()) {
            return middle;
        }
        List<AllocationInfo> inside = bar.placements().allocations();
        int i = firstEndingAfter(inside, from);
        @Nullable AllocationInfo most = null;
        long mostBytes = 0;
        for (; i < inside.size() && inside.get(i).offset() < to; i++) {
            AllocationInfo a = inside.get(i);
            long bytes = Math.min(to, a.offset() + Math.max(1, a.allocatedBytes())) - Math.max(from, a.offset());
            if (most == null || bytes > mostBytes) {
                most = a;
                mostBytes = bytes;
            }
        }
        return Optional.ofNullable(most);
    }

    /** Index of the first allocation (by offset) that ends after {@code offset}. */
    private static int firstEndingAfter(List<AllocationInfo> byOffset, long offset) {
        int low = 0;
        int high = byOffset.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            AllocationInfo a = byOffset.get(mid);
            if (a.offset() + Math.max(1, a.allocatedBytes()) <= offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The bar whose row holds {@code y}, or null. */
    private @Nullable Bar barAt(double y) {
        int low = 0;
        int high = bars.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Bar bar = bars.get(mid);
            if (y < bar.y()) {
                high = mid - 1;
            } else if (y >= bar.y() + BAR_HEIGHT) {
                low = mid + 1;
            } else {
                return bar;
            }
        }
        return null;
    }

    /**
     * Where allocation {@code id} is drawn (at least one pixel wide), if the map holds it. O(allocations): for a
     * selection, not per frame.
     */
    public Optional<Rect> spanOf(long id) {
        for (Bar bar : bars) {
            for (AllocationInfo a : bar.placements().allocations()) {
                if (a.id() == id) {
                    return Optional.of(span(bar, a));
                }
            }
        }
        return Optional.empty();
    }

    /** The spans of allocations {@code ids} in the map (for marking what a defragmentation moved). O(allocations). */
    public List<Rect> spansOf(java.util.Set<Long> ids) {
        if (ids.isEmpty()) {
            return Collections.emptyList();
        }
        List<Rect> spans = new ArrayList<>();
        for (Bar bar : bars) {
            for (AllocationInfo a : bar.placements().allocations()) {
                if (ids.contains(a.id())) {
                    spans.add(span(bar, a));
                }
            }
        }
        return spans;
    }

    private static Rect span(Bar bar, AllocationInfo a) {
        double perColumn = bar.bytesPerColumn();
        double x0 = Math.min(bar.width() - 1, Math.floor(a.offset() / perColumn));
        double x1 = Math.min(bar.width(), Math.max(x0 + 1, Math.ceil((a.offset() + a.allocatedBytes()) / perColumn)));
        return new Rect(bar.x() + x0, bar.y(), x1 - x0, BAR_HEIGHT);
    }
}
