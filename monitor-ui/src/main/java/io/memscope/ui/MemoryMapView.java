package io.memscope.ui;

import io.memscope.core.event.AllocationInfo;
import io.memscope.export.Formats;
import io.memscope.export.MemoryMapDrawing;
import io.memscope.export.MemoryMapLayout;
import io.memscope.export.MemoryMapPainter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import org.jspecify.annotations.Nullable;

/**
 * The "Memory map" tab: every {@code VkDeviceMemory} block as a bar, allocations as spans coloured by tag
 * ({@link MemoryMapLayout}, drawn by {@link MemoryMapDrawing} on one {@link Canvas} the size of the view: no node
 * per allocation, and only the rows scrolled into view are painted). Hovering shows the allocation under the mouse;
 * a click selects it (in the model, so the allocation table selects it too), and a selection made in the table is
 * outlined here. After a defragmentation, "Before" and "After" switch between the map before and after it, the
 * moved allocations outlined in both.
 *
 * <p>FX thread only. Cost per repaint: O(colour runs of the visible rows) plus O(allocations) to find a new
 * selection's span.
 */
final class MemoryMapView {
    private final DashboardModel model;
    private final BorderPane root = new BorderPane();
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final Pane area = new Pane(canvas);
    private final Label hover = new Label();
    private final Label status = new Label("Reading the map…");
    private final Label selection = new Label();
    private final FlowPane legend = new FlowPane(12, 4);
    private final ToggleButton beforeButton = new ToggleButton("Before");
    private final ToggleButton afterButton = new ToggleButton("After");
    private final HBox defragBar;
    private final Label defragLabel = new Label();
    private MemoryMapFeed.@Nullable Frame frame;
    private List<String> legendTags = List.of();
    private List<MemoryMapLayout.Rect> highlighted = List.of();
    private List<MemoryMapLayout.Rect> moved = List.of();

    private MemoryMapView(DashboardModel model) {
        this.model = model;
        root.setId("memoryMap");
        canvas.setId("memoryMapCanvas");
        hover.setId("memoryMapHover");
        status.setId("memoryMapStatus");
        selection.setId("memoryMapSelection");
        legend.setId("memoryMapLegend");
        beforeButton.setId("mapBeforeButton");
        afterButton.setId("mapAfterButton");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setStyle("-fx-background-color: #fffff0ee; -fx-border-color: #888; -fx-padding: 4 6; -fx-font-size: 12px;");
        area.getChildren().add(hover);
        area.setMinSize(0, 0);
        area.widthProperty().addListener((obs, o, w) -> resize());
        area.heightProperty().addListener((obs, o, h) -> resize());
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener((obs, o, v) -> paint());
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::onHover);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, this::onClick);
        area.addEventHandler(ScrollEvent.SCROLL, e -> scroll.setValue(clamp(scroll.getValue() - e.getDeltaY())));
        ToggleGroup which = new ToggleGroup();
        beforeButton.setToggleGroup(which);
        afterButton.setToggleGroup(which);
        afterButton.setSelected(true);
        which.selectedToggleProperty().addListener((obs, o, t) -> {
            if (t == null) {
                o.setSelected(true); // one of the two stays pressed
            } else {
                select(model.selectedAllocationProperty().get());
            }
        });
        defragBar = new HBox(8, defragLabel, beforeButton, afterButton);
        defragBar.setVisible(false);
        defragBar.setManaged(false);
        defragLabel.setWrapText(true);
        defragLabel.setMaxWidth(760);
        VBox top = new VBox(4, status, legend, defragBar);
        top.setPadding(new Insets(6, 8, 4, 8));
        selection.setPadding(new Insets(4, 8, 6, 8));
        root.setTop(top);
        root.setCenter(area);
        root.setRight(scroll);
        root.setBottom(selection);
        model.memoryMapFrameProperty().addListener((obs, o, f) -> show(f));
        model.selectedAllocationProperty().addListener((obs, o, a) -> select(a));
        // the feed refreshes only while the map is on screen
        root.sceneProperty().addListener((obs, o, scene) -> model.memoryMapShown(scene != null));
        show(model.memoryMapFrameProperty().get());
    }

    /** The tab's content. */
    static Node create(DashboardModel model) {
        return new MemoryMapView(model).root;
    }

    private void resize() {
        canvas.setWidth(Math.max(0, area.getWidth()));
        canvas.setHeight(Math.max(0, area.getHeight()));
        if (area.getWidth() > 0) {
            model.memoryMapWidth((int) area.getWidth());
        }
        updateScroll();
        paint();
    }

    private void show(MemoryMapFeed.@Nullable Frame f) {
        frame = f;
        if (f == null) {
            return;
        }
        MemoryMapLayout layout = f.layout();
        status.setText("Taken at " + Formats.time(Instant.ofEpochMilli(layout.map().takenAtEpochMillis())) + " — "
                + layout.barCount() + (layout.barCount() == 1 ? " block, " : " blocks, ")
                + layout.map().allocationCount() + " allocations. Hover for details; click to select "
                + "(the Allocations tab selects it too).");
        List<String> tags = layout.legend().stream().map(MemoryMapLayout.LegendEntry::tag).toList();
        if (!tags.equals(legendTags)) {
            legendTags = tags;
            legend.getChildren().clear();
            for (MemoryMapLayout.LegendEntry e : layout.legend()) {
                Label entry = new Label(e.tag(), new Rectangle(12, 12, rgb(e.rgb())));
                entry.getStyleClass().add("map-legend-entry");
                legend.getChildren().add(entry);
            }
            Rectangle image = new Rectangle(12, 12, rgb(MemoryMapDrawing.darken(0x9a9a9a)));
            legend.getChildren().addAll(new Label("free", new Rectangle(12, 12, rgb(MemoryMapDrawing.FREE))),
                    new Label("image: dark foot · dedicated: dark frame · ≥ size: block size unknown", image));
        }
        boolean defragmented = f.before() != null;
        defragBar.setVisible(defragmented);
        defragBar.setManaged(defragmented);
        if (defragmented) {
            defragLabel.setText("Last defragmentation (moved allocations outlined in pink): " + f.defragmentation());
        }
        select(model.selectedAllocationProperty().get());
    }

    /** The layout drawn now: before or after the last defragmentation. */
    private @Nullable MemoryMapLayout shownLayout() {
        MemoryMapFeed.Frame f = frame;
        if (f == null) {
            return null;
        }
        MemoryMapLayout before = f.before();
        return beforeButton.isSelected() && before != null ? before : f.layout();
    }

    private void select(@Nullable AllocationInfo a) {
        MemoryMapLayout layout = shownLayout();
        MemoryMapFeed.Frame f = frame;
        highlighted = layout == null || a == null ? List.of() : layout.spanOf(a.id()).stream().toList();
        moved = layout == null || f == null || f.before() == null ? List.of() : layout.spansOf(f.moved());
        selection.setText(a == null ? "No allocation selected."
                : "Selected: " + describe(a) + (highlighted.isEmpty() ? " (not in this map)" : ""));
        if (!highlighted.isEmpty()) {
            MemoryMapLayout.Rect r = highlighted.get(0);
            if (r.y() < scroll.getValue() || r.y() + r.height() > scroll.getValue() + canvas.getHeight()) {
                scroll.setValue(clamp(r.y() - canvas.getHeight() / 3));
            }
        }
        updateScroll();
        paint();
    }

    private void updateScroll() {
        MemoryMapLayout layout = shownLayout();
        double content = layout == null ? 0 : layout.height() + 8;
        double view = canvas.getHeight();
        scroll.setMin(0);
        scroll.setMax(Math.max(0, content - view));
        scroll.setVisibleAmount(Math.max(1, Math.min(view, content)));
        scroll.setUnitIncrement(MemoryMapLayout.ROW_PITCH);
        scroll.setBlockIncrement(Math.max(MemoryMapLayout.ROW_PITCH, view - MemoryMapLayout.ROW_PITCH));
        scroll.setValue(clamp(scroll.getValue()));
    }

    private double clamp(double value) {
        return Math.max(scroll.getMin(), Math.min(scroll.getMax(), value));
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        MemoryMapLayout layout = shownLayout();
        if (layout == null) {
            return;
        }
        if (layout.barCount() == 0) {
            g.setFill(Color.web("#202020"));
            g.fillText("No device memory blocks: nothing is allocated.", MemoryMapLayout.MARGIN, 20);
            return;
        }
        MemoryMapDrawing.paint(new FxPainter(g), layout, scroll.getValue(), canvas.getHeight(), 4, highlighted, moved);
    }

    private void onHover(MouseEvent e) {
        Optional<AllocationInfo> a = allocationAt(e.getX(), e.getY());
        if (a.isEmpty()) {
            hover.setVisible(false);
            return;
        }
        hover.setText(describe(a.get()));
        hover.setVisible(true);
        hover.autosize();
        double x = Math.min(e.getX() + 14, Math.max(0, area.getWidth() - hover.getWidth() - 4));
        double y = e.getY() + 18 + hover.getHeight() > area.getHeight() ? e.getY() - hover.getHeight() - 8 : e.getY() + 18;
        hover.relocate(x, y);
    }

    private void onClick(MouseEvent e) {
        if (e.isStillSincePress()) {
            allocationAt(e.getX(), e.getY()).ifPresent(model::selectAllocation);
        }
    }

    /** The allocation at canvas point ({@code x}, {@code y}). */
    Optional<AllocationInfo> allocationAt(double x, double y) {
        MemoryMapLayout layout = shownLayout();
        return layout == null ? Optional.empty() : layout.allocationAt(x, y - 4 + scroll.getValue());
    }

    /** An allocation in one line: tag, name, kind, size, block and offset, age. */
    static String describe(AllocationInfo a) {
        long age = Math.max(0, System.currentTimeMillis() - a.createdEpochMillis()) / 1000;
        return a.tag() + " · " + (a.name() == null ? "(no name)" : a.name()) + " · " + a.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " · " + Formats.bytes(a.sizeBytes()) + (a.allocatedBytes() != a.sizeBytes()
                ? " (" + Formats.bytes(a.allocatedBytes()) + " reserved)" : "") + " · block 0x"
                + Long.toHexString(a.deviceMemory()) + " + " + a.offset() + " · age " + age + " s · id " + a.id();
    }

    private static Color rgb(int rgb) {
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }

    /** {@link MemoryMapPainter} over a canvas' graphics context. */
    private static final class FxPainter implements MemoryMapPainter {
        private static final Font PLAIN = Font.font("System", 12);
        private static final Font BOLD = Font.font("System", FontWeight.BOLD, 12);
        private final GraphicsContext g;

        FxPainter(GraphicsContext g) {
            this.g = g;
        }

        @Override
        public void fillRect(double x, double y, double width, double height, int rgb) {
            g.setFill(MemoryMapView.rgb(rgb));
            g.fillRect(x, y, width, height);
        }

        @Override
        public void strokeRect(double x, double y, double width, double height, int rgb, double lineWidth) {
            g.setStroke(MemoryMapView.rgb(rgb));
            g.setLineWidth(lineWidth);
            g.strokeRect(x, y, width, height);
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, int rgb) {
            g.setStroke(MemoryMapView.rgb(rgb));
            g.setLineWidth(1);
            g.strokeLine(x1, y1, x2, y2);
        }

        @Override
        public void text(String text, double x, double y, int rgb, boolean bold) {
            g.setFill(MemoryMapView.rgb(rgb));
            g.setFont(bold ? BOLD : PLAIN);
            g.fillText(text, x, y);
        }
    }
}
