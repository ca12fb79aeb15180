package io.memscope.export;

import io.memscope.core.MemoryMap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The memory map as a PNG picture, drawn with Java 2D (no display, no JavaFX): a title line (time, blocks,
 * allocations), the legend (each tag's colour and bytes; image, dedicated and free keys), then the
 * {@link MemoryMapLayout} drawn by {@link MemoryMapDrawing}, as the dashboard's "Memory map" tab shows it.
 *
 * <pre>{@code
 * MemoryMapPng.write(core.monitor().getMemoryMap(), Path.of("memory-map.png"));
 * BufferedImage image = MemoryMapPng.render(map, TagColors.of(tags), 1200);   // to compare pixels
 * }</pre>
 *
 * <p>Pictures taller than {@link #MAX_HEIGHT} pixels (some hundreds of blocks) are cut there, with a line saying how
 * many blocks are not drawn. Stateless; thread-safe. Cost: O(allocations + blocks × width) for the layout,
 * O(pixels) to draw and encode. Needs a JRE with its font libraries (Java 2D draws the text).
 */
public final class MemoryMapPng {
    /** Width {@link #write(MemoryMap, Path)} uses, pixels. */
    public static final int DEFAULT_WIDTH = 1200;
    /** The tallest picture, pixels. */
    public static final int MAX_HEIGHT = 8000;
    private static final Font PLAIN = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private MemoryMapPng() {
    }

    /**
     * Writes {@code map} as a PNG {@link #DEFAULT_WIDTH} pixels wide to {@code file} (atomically, {@link PngFiles};
     * its directory must exist), tags coloured by {@link TagColors#of} their names.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written (it names the file)
     */
    public static Path write(MemoryMap map, Path file) {
        return write(render(map, TagColors.of(tagsOf(map)), DEFAULT_WIDTH), file);
    }

    /** Writes {@code image} (from {@link #render}) to {@code file}, atomically. */
    public static Path write(BufferedImage image, Path file) {
        PngFiles.write(image, file);
        return file;
    }

    /** The tags of the allocations in {@code map}. */
    public static List<String> tagsOf(MemoryMap map) {
        List<String> tags = new ArrayList<>();
        map.blocks().forEach(b -> b.allocations().forEach(a -> tags.add(a.tag())));
        return tags;
    }

    /** The picture of {@code map}, {@code width} pixels wide (at least {@link MemoryMapLayout#MIN_WIDTH}). */
    public static BufferedImage render(MemoryMap map, TagColors colors, int width) {
        return render(MemoryMapLayout.of(map, colors.withTags(tagsOf(map)), width));
    }

    /**
     * The picture of {@code layout}: title and legend on top, the layout below them from y = {@link #top} of the
     * legend (so the layout's own coordinates plus that offset are the picture's).
     */
    public static BufferedImage render(MemoryMapLayout layout) {
        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D m = measure.createGraphics();
        int top = top(layout, m.getFontMetrics(PLAIN));
        m.dispose();
        int limit = MAX_HEIGHT - top - 24;
        boolean cut = layout.height() > limit;
        int body = cut ? rowsAbove(layout, limit) : layout.height();
        int height = top + Math.max(body, 24) + (cut ? 24 : 8);
        BufferedImage image = new BufferedImage(layout.width(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(MemoryMapDrawing.BACKGROUND));
            g.fillRect(0, 0, layout.width(), height);
            Java2dPainter painter = new Java2dPainter(g);
            header(g, painter, layout);
            if (layout.barCount() == 0) {
                painter.text("No device memory blocks: nothing is allocated.", MemoryMapLayout.MARGIN, top + 16,
                        MemoryMapDrawing.TEXT, false);
            }
            MemoryMapDrawing.paint(painter, layout, 0, body, top, List.of(), List.of());
            if (cut) {
                long hidden = layout.bars().stream().filter(b -> b.y() > body).count();
                painter.text("… " + hidden + " more blocks not drawn (the picture is cut at " + MAX_HEIGHT + " px)",
                        MemoryMapLayout.MARGIN, top + body + 16, MemoryMapDrawing.TEXT, true);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Where to cut a layout taller than {@code limit}: just above the first bar or heap header that does not fit
     * whole, so no row is drawn in part (the drawing paints every row that starts at or above the cut).
     */
    private static int rowsAbove(MemoryMapLayout layout, int limit) {
        int cut = limit;
        for (MemoryMapLayout.Bar bar : layout.bars()) {
            if (bar.y() + MemoryMapLayout.BAR_HEIGHT > limit) {
                cut = Math.min(cut, bar.y() - 1);
            }
        }
        for (MemoryMapLayout.Header header : layout.headers()) {
            if (header.y() + MemoryMapLayout.HEADER_HEIGHT > limit) {
                cut = Math.min(cut, header.y() - 1);
            }
        }
        return Math.max(cut, 0);
    }

    /** Where the layout starts in the picture: below the title and the legend, pixels. */
    public static int top(MemoryMapLayout layout) {
        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D m = measure.createGraphics();
        try {
            return top(layout, m.getFontMetrics(PLAIN));
        } finally {
            m.dispose();
        }
    }

    private static int top(MemoryMapLayout layout, FontMetrics metrics) {
        return 34 + legendRows(layout, metrics).size() * 20 + 6;
    }

    /** The legend's entries (text and colour, −1 for the keys drawn their own way) wrapped into rows. */
    private static List<List<Object[]>> legendRows(MemoryMapLayout layout, FontMetrics metrics) {
        List<Object[]> entries = new ArrayList<>();
        for (MemoryMapLayout.LegendEntry e : layout.legend()) {
            entries.add(new Object[] {e.tag() + "  " + Formats.bytes(e.allocatedBytes()) + " in " + e.allocations(),
                    e.rgb()});
        }
        entries.add(new Object[] {"free", MemoryMapDrawing.FREE});
        entries.add(new Object[] {"image (dark foot)", -1});
        entries.add(new Object[] {"dedicated block (dark frame)", -2});
        List<List<Object[]>> rows = new ArrayList<>();
        List<Object[]> row = new ArrayList<>();
        int x = MemoryMapLayout.MARGIN;
        for (Object[] e : entries) {
            int w = 18 + metrics.stringWidth((String) e[0]) + 18;
            if (!row.isEmpty() && x + w > layout.width() - MemoryMapLayout.MARGIN) {
                rows.add(row);
                row = new ArrayList<>();
                x = MemoryMapLayout.MARGIN;
            }
            e = new Object[] {e[0], e[1], x};
            row.add(e);
            x += w;
        }
        rows.add(row);
        return rows;
    }

    private static void header(Graphics2D g, Java2dPainter painter, MemoryMapLayout layout) {
        MemoryMap map = layout.map();
        g.setFont(TITLE);
        g.setColor(new Color(MemoryMapDrawing.TEXT));
        String time = map.takenAtEpochMillis() > 0 ? " at " + Formats.time(Instant.ofEpochMilli(map.takenAtEpochMillis()))
                : "";
        g.drawString("Memory map" + time + " — " + map.blocks().size() + " blocks, " + map.allocationCount()
                + " allocations", MemoryMapLayout.MARGIN, 20);
        List<List<Object[]>> rows = legendRows(layout, g.getFontMetrics(PLAIN));
        int y = 34;
        for (List<Object[]> row : rows) {
            for (Object[] e : row) {
                int rgb = (Integer) e[1];
                int x = (Integer) e[2];
                if (rgb == -1) {
                    painter.fillRect(x, y, 12, 12, 0x9a9a9a);
                    painter.fillRect(x, y + 8, 12, 4, MemoryMapDrawing.darken(0x9a9a9a));
                } else if (rgb == -2) {
                    painter.fillRect(x, y, 12, 12, MemoryMapDrawing.FREE);
                    painter.strokeRect(x, y, 12, 12, MemoryMapDrawing.TEXT, 2);
                } else {
                    painter.fillRect(x, y, 12, 12, rgb);
                }
                painter.text((String) e[0], x + 17, y + 11, MemoryMapDrawing.TEXT, false);
            }
            y += 20;
        }
    }

    /** {@link MemoryMapPainter} over a Java 2D graphics. */
    static final class Java2dPainter implements MemoryMapPainter {
        private final Graphics2D g;

        Java2dPainter(Graphics2D g) {
            this.g = Objects.requireNonNull(g);
        }

        @Override
        public void fillRect(double x, double y, double width, double height, int rgb) {
            g.setColor(new Color(rgb));
            g.fill(new Rectangle2D.Double(x, y, width, height));
        }

        @Override
        public void strokeRect(double x, double y, double width, double height, int rgb, double lineWidth) {
            g.setColor(new Color(rgb));
            g.setStroke(new BasicStroke((float) lineWidth));
            g.draw(new Rectangle2D.Double(x, y, width, height));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, int rgb) {
            g.setColor(new Color(rgb));
            g.setStroke(new BasicStroke(1));
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void text(String text, double x, double y, int rgb, boolean bold) {
            g.setColor(new Color(rgb));
            g.setFont(bold ? BOLD : PLAIN);
            g.drawString(text, (float) x, (float) y);
        }
    }
}
