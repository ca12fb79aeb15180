package io.memscope.export;

import java.util.List;

/**
 * Draws a {@link MemoryMapLayout} through a {@link MemoryMapPainter}: header lines, block labels, bars with their
 * colour runs, free space as the bar's grey, pale partly covered columns, images' dark foot, dedicated blocks with
 * a dark frame, blocks of unknown size with a ragged end, and optional highlights (the selected allocation, the
 * allocations a defragmentation moved).
 *
 * <p>Stateless; thread-safe as far as the painter is. Cost: O(runs + separators) of the rows drawn: only the rows
 * between {@code top} and {@code top + viewHeight} are painted, so a scrolled view of thousands of blocks paints a
 * screenful.
 */
public final class MemoryMapDrawing {
    /** The page's background. */
    public static final int BACKGROUND = 0xffffff;
    /** A bar's free space. */
    public static final int FREE = 0xe4e4e4;
    /** A bar's frame. */
    public static final int FRAME = 0xa0a0a0;
    /** Text. */
    public static final int TEXT = 0x202020;
    /** The selected allocation's outline. */
    public static final int HIGHLIGHT = 0x000000;
    /** The outline of allocations a defragmentation moved. */
    public static final int MOVED = 0xd81b60;
    /** Height of an image's dark foot, pixels. */
    static final int IMAGE_FOOT = 5;

    private MemoryMapDrawing() {
    }

    /**
     * Paints the rows of {@code layout} that lie between {@code top} and {@code top + viewHeight} (layout pixels), at
     * painter y = layout y − top + {@code offsetY}.
     *
     * @param highlighted spans to outline in {@link #HIGHLIGHT} (the selection), may be empty
     * @param moved spans to outline in {@link #MOVED}, may be empty
     */
    public static void paint(MemoryMapPainter p, MemoryMapLayout layout, double top, double viewHeight,
                             double offsetY, List<MemoryMapLayout.Rect> highlighted, List<MemoryMapLayout.Rect> moved) {
        double shift = offsetY - top;
        double bottom = top + viewHeight;
        for (MemoryMapLayout.Header h : layout.headers()) {
            if (h.y() + MemoryMapLayout.HEADER_HEIGHT >= top && h.y() <= bottom) {
                p.text(h.text(), MemoryMapLayout.MARGIN, h.y() + shift + 17, TEXT, true);
            }
        }
        for (MemoryMapLayout.Bar bar : layout.bars()) {
            if (bar.y() + MemoryMapLayout.BAR_HEIGHT >= top && bar.y() <= bottom) {
                paintBar(p, bar, bar.y() + shift);
            }
        }
        for (MemoryMapLayout.Rect r : moved) {
            if (r.y() + r.height() >= top && r.y() <= bottom) {
                p.strokeRect(r.x() - 0.5, r.y() + shift - 1.5, r.width() + 1, r.height() + 3, MOVED, 1.5);
            }
        }
        for (MemoryMapLayout.Rect r : highlighted) {
            if (r.y() + r.height() >= top && r.y() <= bottom) {
                p.strokeRect(r.x() - 1, r.y() + shift - 2.5, r.width() + 2, r.height() + 5, HIGHLIGHT, 2);
            }
        }
    }

    private static void paintBar(MemoryMapPainter p, MemoryMapLayout.Bar bar, double y) {
        int x = bar.x();
        int h = MemoryMapLayout.BAR_HEIGHT;
        p.text(bar.label(), MemoryMapLayout.MARGIN + 10, y + 13, TEXT, false);
        p.fillRect(x, y, bar.width(), h, FREE);
        int[] runs = bar.runs();
        for (int i = 0; i < runs.length; i += 4) {
            int rgb = runs[i + 2];
            int flags = runs[i + 3];
            int color = (flags & MemoryMapLayout.FLAG_PALE) != 0 ? blend(rgb, FREE) : rgb;
            p.fillRect(x + runs[i], y, runs[i + 1] - runs[i], h, color);
            if ((flags & MemoryMapLayout.FLAG_IMAGE) != 0) {
                p.fillRect(x + runs[i], y + h - IMAGE_FOOT, runs[i + 1] - runs[i], IMAGE_FOOT, darken(color));
            }
        }
        for (int c : bar.separators()) {
            p.line(x + c + 0.5, y, x + c + 0.5, y + h, BACKGROUND);
        }
        boolean dedicated = bar.block().dedicated();
        p.strokeRect(x - 0.5, y - 0.5, bar.width() + 1, h + 1, dedicated ? TEXT : FRAME, dedicated ? 2 : 1);
        if (!bar.block().sizeKnown()) { // a ragged end: the block goes on beyond its last known allocation
            double end = x + bar.width() + 1;
            for (int i = 0; i < h; i += 6) {
                p.line(end, y + i, end + 4, y + i + 3, TEXT);
                p.line(end + 4, y + i + 3, end, y + Math.min(h, i + 6), TEXT);
            }
        }
        p.text(bar.note(), x + bar.width() + 8, y + 13, 0x606060, false);
    }

    /** Half {@code rgb}, half {@code background} (0xRRGGBB): a partly covered column. Pure. */
    public static int blend(int rgb, int background) {
        int r = (((rgb >> 16) & 0xff) + ((background >> 16) & 0xff)) / 2;
        int g = (((rgb >> 8) & 0xff) + ((background >> 8) & 0xff)) / 2;
        int b = ((rgb & 0xff) + (background & 0xff)) / 2;
        return (r << 16) | (g << 8) | b;
    }

    /** {@code rgb} (0xRRGGBB) at 60 % brightness: an image's foot. Pure. */
    public static int darken(int rgb) {
        int r = ((rgb >> 16) & 0xff) * 6 / 10;
        int g = ((rgb >> 8) & 0xff) * 6 / 10;
        int b = (rgb & 0xff) * 6 / 10;
        return (r << 16) | (g << 8) | b;
    }
}
