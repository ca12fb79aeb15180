/**
 * The memscope dashboard: JavaFX 21 and ChartFX views fed only by a {@code MemoryMonitor}.
 *
 * <p>Exported: {@code io.memscope.ui} ({@code MonitorWindow}, {@code DashboardModel}); the views and chart helpers
 * are package-private inside it. Its public signatures carry JavaFX types ({@code Stage}, properties, observable
 * lists) and monitor-core's, so both are transitive; monitor-export is used inside only.
 *
 * <p>ChartFX 11.3.1 ships no module descriptors but names its jars with {@code Automatic-Module-Name}
 * ({@code io.fair_acc.chartfx}, {@code io.fair_acc.dataset}, ...), and their packages do not overlap (no split
 * packages).
 */
@SuppressWarnings("requires-automatic")
module io.memscope.ui {
    requires transitive io.memscope.core;
    requires transitive javafx.controls;
    requires static org.jspecify;
    requires io.memscope.export;
    requires io.memscope.remote;
    requires io.fair_acc.chartfx;
    requires io.fair_acc.dataset;
    requires org.slf4j;
    requires java.logging;

    exports io.memscope.ui;
}
