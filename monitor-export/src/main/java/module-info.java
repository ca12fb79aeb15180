/**
 * memscope's exports without JavaFX: snapshot and allocation CSV files, snapshot comparison, formatting, atomic
 * file writes and the history charts (points from a monitor's events, rendered to PNG with XChart).
 *
 * <p>Exported: {@code io.memscope.export}, the module's one package; its helpers ({@code CsvTable},
 * {@code HistoryChart}, {@code ByteAxis}) are package-private inside it.
 *
 * <p>XChart 4.0.3 has neither a module descriptor nor an {@code Automatic-Module-Name}: on the module path it is
 * the automatic module named after its file, {@code xchart-4.0.3.jar} → {@code xchart} (the name Maven's
 * repository layout always gives it; a renamed jar, or a later XChart that declares a name, needs this line
 * changed). XChart has no required dependencies of its own; it draws with AWT, which {@code java.desktop}
 * brings. {@code PngFiles} takes an AWT {@code RenderedImage}, so {@code java.desktop} is transitive.
 */
@SuppressWarnings("requires-automatic")
module io.memscope.export {
    requires transitive io.memscope.core;
    requires transitive java.desktop;
    requires static org.jspecify;
    requires org.apache.commons.csv;
    requires com.fasterxml.jackson.core;
    requires xchart;

    requires org.slf4j;

    exports io.memscope.export;
    exports io.memscope.export.capture;
}
