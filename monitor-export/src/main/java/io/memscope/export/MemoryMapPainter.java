package io.memscope.export;

/**
 * The few drawing calls {@link MemoryMapDrawing} needs, so that one drawing routine serves both a Java 2D image
 * ({@link MemoryMapPng}) and the dashboard's JavaFX canvas: both then show the same picture. Coordinates are
 * pixels from the top left; colours 0xRRGGBB.
 *
 * <p>Called on one thread at a time, the one drawing.
 */
public interface MemoryMapPainter {
    /** Fills a rectangle. */
    void fillRect(double x, double y, double width, double height, int rgb);

    /** Outlines a rectangle with a line {@code lineWidth} pixels wide. */
    void strokeRect(double x, double y, double width, double height, int rgb, double lineWidth);

    /** A one-pixel line. */
    void line(double x1, double y1, double x2, double y2, int rgb);

    /** Text with its baseline at {@code y}, 12 px sans-serif ({@code bold} for headers). */
    void text(String text, double x, double y, int rgb, boolean bold);
}
