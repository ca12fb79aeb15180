package io.memscope.ui;

import io.memscope.core.MemoryMonitor;
import io.memscope.export.PngFiles;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The dashboard as a window next to a running workload, in the same JVM.
 *
 * <pre>{@code
 * MonitorWindow window = MonitorWindow.show(core.monitor());   // from any thread
 * ... run the engine ...
 * window.close();
 * }</pre>
 *
 * <p>{@link #show} starts the JavaFX toolkit if the application has not (it keeps running when the window
 * closes), builds the window on the FX thread and waits until it is shown. Thread-safe.
 */
public final class MonitorWindow implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MonitorWindow.class);
    private final Stage stage;
    private final DashboardView view;
    private final DashboardModel model;

    private MonitorWindow(Stage stage, DashboardView view, DashboardModel model) {
        this.stage = stage;
        this.view = view;
        this.model = model;
    }

    /** Opens the dashboard for {@code monitor} with 10 minutes of history at the default 100 ms sampling. */
    public static MonitorWindow show(MemoryMonitor monitor) {
        return show(monitor, Duration.ofMinutes(10), Duration.ofMillis(100));
    }

    /** Opens the dashboard keeping {@code retention} of history sampled every {@code sampleInterval}. */
    public static MonitorWindow show(MemoryMonitor monitor, Duration retention, Duration sampleInterval) {
        startToolkit();
        return onFxThread("opening the dashboard", () -> {
            DashboardModel model = new DashboardModel(monitor, retention, sampleInterval);
            DashboardView view = new DashboardView(model);
            Stage stage = new Stage();
            stage.setTitle("memscope — " + monitor.getName());
            stage.setScene(new Scene((javafx.scene.Parent) view.root()));
            MonitorWindow window = new MonitorWindow(stage, view, model);
            stage.setOnHidden(e -> window.dispose());
            stage.show();
            return window;
        });
    }

    /** Runs {@code work} on the FX thread and waits (30 s at most) for its result. */
    private static <T> T onFxThread(String what, java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("failed " + what, e);
        }
    }

    /**
     * JavaFX's logger, which warns "Unsupported JavaFX configuration" when JavaFX is loaded from the class path, as
     * memscope's launcher and tests run it (on purpose: one class path, no module path); that one warning is filtered
     * out, every other goes through. Held so the filter set on it stays set.
     */
    private static final java.util.logging.Logger JAVAFX_LOGGER = java.util.logging.Logger.getLogger("javafx");

    /** Starts JavaFX if nobody has; idempotent. */
    static void startToolkit() {
        if (!MonitorWindow.class.getModule().isNamed()) { // on the class path: that warning would say only that
            JAVAFX_LOGGER.setFilter(record -> record.getMessage() == null
                    || !record.getMessage().startsWith("Unsupported JavaFX configuration"));
        }
        Platform.setImplicitExit(false);
        try {
            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.get(30, TimeUnit.SECONDS);
        } catch (IllegalStateException alreadyRunning) {
            // the application (or an earlier window) started it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting JavaFX", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("JavaFX did not start", e);
        }
    }

    public Stage getStage() {
        return stage;
    }

    public DashboardModel getModel() {
        return model;
    }

    /**
     * Renders the window's current content to a PNG at {@code file}, written atomically ({@link PngFiles}); creates
     * its directory if needed. From any thread; waits for the FX thread.
     */
    public java.nio.file.Path writeScreenshot(java.nio.file.Path file) {
        return onFxThread("taking a screenshot", () -> Screenshots.write(stage.getScene(), file));
    }

    /**
     * Writes the memory map as the "Memory map" tab shows it now (for a capture: at its moment), with its title and
     * legend, {@link io.memscope.export.MemoryMapPng#DEFAULT_WIDTH} pixels wide, to a PNG at {@code file}, atomically
     * (its folder must exist). From any thread but the FX thread; waits up to 60 s for the picture.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public java.nio.file.Path writeMemoryMap(java.nio.file.Path file) {
        try {
            return io.memscope.export.MemoryMapPng.write(model.memoryMapPicture(
                    io.memscope.export.MemoryMapPng.DEFAULT_WIDTH).get(60, TimeUnit.SECONDS), file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing the memory map", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the memory map could not be drawn", e);
        }
    }

    /**
     * Waits (up to {@code limit}) until the window shows what a screenshot should: a capture's moment, and the memory
     * map's picture when its tab is in front. Returns false if it did not in time (a screenshot may then show an older
     * picture).
     */
    public boolean awaitShown(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            CompletableFuture<Boolean> shown = new CompletableFuture<>();
            Platform.runLater(() -> shown.complete((model.captureMonitor() == null || model.momentProperty().get() != null)
                    && view.memoryMapReady()));
            try {
                if (shown.get(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(300); // the charts draw on the next pulses
                    return true;
                }
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
            Thread.sleep(50); // polling the FX thread: the condition has no event of its own
        }
        return false;
    }

    /**
     * Shows the tab named {@code name} (any case: "Call sites", "history"); from any thread, waits for the FX thread.
     *
     * @throws IllegalArgumentException if the dashboard has no such tab (the message lists its tabs)
     */
    public void selectTab(String name) {
        requireTab(name);
        onFxThread("selecting a tab", () -> view.selectTab(name));
    }

    /**
     * Checks that the dashboard has a tab named {@code name} (any case), without a window: for a command line to
     * refuse a wrong name before it starts anything.
     *
     * @throws IllegalArgumentException if it has none (the message lists its tabs)
     */
    public static void requireTab(String name) {
        if (DashboardView.TAB_NAMES.stream().noneMatch(t -> t.equalsIgnoreCase(name.strip()))) {
            throw new IllegalArgumentException("the dashboard has no tab '" + name + "'; its tabs: "
                    + String.join(", ", DashboardView.TAB_NAMES));
        }
    }

    /** Blocks until the user closes the window. */
    public void awaitClosed() throws InterruptedException {
        try {
            closedFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Blocks until the user closes the window or {@code limit} passes; true if it was closed. */
    public boolean awaitClosed(Duration limit) throws InterruptedException {
        try {
            closedFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits (up to {@code limit}) until the dashboard shows the current connection state of its remote monitor, so a
     * screenshot taken next has the right banner. No effect in process.
     */
    public void awaitConnectionShown(Duration limit) throws InterruptedException {
        CompletableFuture<Void> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            model.pulse();
            shown.complete(null);
        });
        try {
            shown.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a busy FX thread: the picture may show the previous state
        }
    }

    /**
     * Waits (up to {@code limit}) until a capture's dashboard shows its moment (figures, tables; the charts then hold the
     * history up to it), so a screenshot taken next shows it. Returns at once for a live monitor.
     */
    public void awaitMomentShown(Duration limit) throws InterruptedException {
        if (model.captureMonitor() == null) {
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            CompletableFuture<Boolean> shown = new CompletableFuture<>();
            Platform.runLater(() -> shown.complete(model.momentProperty().get() != null));
            try {
                if (shown.get(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(300); // the charts draw on the next pulses
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private CompletableFuture<Void> closedFuture() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Platform.runLater(() -> {
            if (!stage.isShowing()) {
                closed.complete(null);
            } else {
                stage.showingProperty().addListener((obs, was, showing) -> {
                    if (!showing) {
                        closed.complete(null);
                    }
                });
            }
        });
        return closed;
    }

    private void dispose() {
        view.stop();
        model.close();
    }

    /** Closes the window (from any thread) and unsubscribes from the monitor. */
    @Override
    public void close() {
        if (Platform.isFxApplicationThread()) {
            stage.hide();
            return;
        }
        // waits for the hide, so a command that exits right after does not shut Prism down under a window still
        // being drawn or picked (JavaFX then printed a NullPointerException from a null graphics pipeline)
        try {
            onFxThread("closing the dashboard", () -> {
                stage.hide();
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.debug("the dashboard did not close cleanly: {}", e.toString());
        }
    }
}
