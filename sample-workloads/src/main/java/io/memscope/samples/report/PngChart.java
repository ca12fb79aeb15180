package io.memscope.samples.report;

import io.memscope.export.PngFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn with Java 2D into a PNG, for reports made without a display (no JavaFX needed).
 * Series share one x axis (seconds since the start) and one y axis starting at 0. The file is written
 * atomically ({@link PngFiles}). Stateless; thread-safe.
 */
final class PngChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Color[] COLORS = {new Color(0x1565c0), new Color(0xc62828), new Color(0x2e7d32), new Color(0x6a1b9a)};

    /** A named series of y values, one per x. */
    record Series(String name, double[] values) {
    }

    private PngChart() {
    }

    static void write(Path file, String title, String unit, double[] seconds, List<Series> series) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double maxX = seconds.length == 0 ? 1 : Math.max(1e-9, seconds[seconds.length - 1]);
            double maxY = 0;
            for (Series s : series) {
                for (double v : s.values()) {
                    maxY = Math.max(maxY, v);
                }
            }
            maxY = maxY <= 0 ? 1 : maxY * 1.1;
            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i <= 4; i++) {
                int y = TOP + plotH - i * plotH / 4;
                g.setColor(new Color(0xe0e0e0));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.1f", maxY * i / 4), 8, y + 4);
            }
            g.drawString(unit, 8, TOP - 8);
            g.drawString("0 s", LEFT, HEIGHT - BOTTOM + 16);
            g.drawString(String.format(Locale.ROOT, "%.0f s", maxX), LEFT + plotW - 30, HEIGHT - BOTTOM + 16);
            g.drawRect(LEFT, TOP, plotW, plotH);
            g.setStroke(new BasicStroke(1.8f));
            for (int s = 0; s < series.size(); s++) {
                double[] values = series.get(s).values();
                Path2D line = new Path2D.Double();
                for (int i = 0; i < values.length && i < seconds.length; i++) {
                    double x = LEFT + seconds[i] / maxX * plotW;
                    double y = TOP + plotH - values[i] / maxY * plotH;
                    if (i == 0) {
                        line.moveTo(x, y);
                    } else {
                        line.lineTo(x, y);
                    }
                }
                g.setColor(COLORS[s % COLORS.length]);
                g.draw(line);
                g.drawString(series.get(s).name(), LEFT + 10 + s * 220, HEIGHT - 12);
            }
        } finally {
            g.dispose();
        }
        PngFiles.write(image, file);
    }
}
