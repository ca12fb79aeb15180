package io.memscope.ui;

import io.fair_acc.chartfx.XYChart;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.TagStats;
import io.memscope.export.CsvExport;
import io.memscope.export.Formats;
import io.memscope.export.SnapshotComparison;
import io.memscope.export.capture.CaptureMonitor;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's scene graph over a {@link DashboardModel}: figures bar and warning banner on top, tabs
 * for history charts, heaps and tags, live allocations, snapshots, defragmentation, warnings and the
 * report. Keys: F10 toggles the main panel, F11 takes a snapshot, F12 defragments.
 *
 * <p>FX thread only. Controls that tests press carry ids ({@code #snapshotButton}, ...).
 */
final class DashboardView {
    private final DashboardModel model;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final AnimationTimer pulse;
    private final TextField snapshotDescription = new TextField();
    private final Label defragResult = new Label("Not run yet.");
    private final ProgressIndicator defragProgress = new ProgressIndicator();
    private final ComboBox<DefragmentationAlgorithm> algorithm = new ComboBox<>();
    private final TextArea comparison = new TextArea();
    private final javafx.event.EventHandler<KeyEvent> keys = this::onKey;
    private final AllocationRows allocationRows;

    /** The tabs, left to right. */
    static final List<String> TAB_NAMES = List.of("History", "Heaps & tags", "Allocations", "Memory map", "Call sites",
            "Snapshots", "Defragmentation", "Warnings", "Report");

    DashboardView(DashboardModel model) {
        this.model = model;
        this.allocationRows = new AllocationRows(model.getLiveAllocations());
        root.setTop(header());
        List<Node> contents = List.of(historyTab(), heapsAndTagsTab(), allocationsTab(), MemoryMapView.create(model),
                CallSitesView.create(model), snapshotsTab(), defragmentationTab(), warningsTab(), reportTab());
        for (int i = 0; i < TAB_NAMES.size(); i++) {
            tabs.getTabs().add(tab(TAB_NAMES.get(i), contents.get(i)));
        }
        tabs.setId("tabs");
        root.setCenter(tabs);
        // on the scene, so the keys work whatever has the focus (even inside a hidden panel)
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
        });
        root.setPrefSize(1100, 760);
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                model.pulse();
                allocationRows.frame(System.currentTimeMillis() / 1000);
            }
        };
        pulse.start();
    }

    Node root() {
        return root;
    }

    void stop() {
        pulse.stop();
        allocationRows.close();
    }

    /**
     * A tab whose content is in the scene only while the tab is selected. JavaFX lays out and styles the
     * content of hidden tabs like visible content, so hidden tables whose rows change several times a second
     * cost the FX thread as much as shown ones (a quarter of its time at 100 k events/s, measured); detached,
     * they cost nothing until shown again. The content keeps its state (filters, selections) meanwhile.
     */
    /** Selects the tab named {@code name} (any case); false if there is none. FX thread. */
    boolean selectTab(String name) {
        for (Tab t : tabs.getTabs()) {
            if (t.getText().equalsIgnoreCase(name.strip())) {
                tabs.getSelectionModel().select(t);
                return true;
            }
        }
        return false;
    }

    /**
     * Whether what a screenshot would show is drawn: unless the memory map is in front, always; with it, once its
     * picture is laid out for its canvas (and, for a capture, taken at the moment shown). FX thread.
     */
    boolean memoryMapReady() {
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        if (selected == null || !selected.getText().equals("Memory map")) {
            return true;
        }
        MemoryMapFeed.Frame frame = model.memoryMapFrameProperty().get();
        Node canvas = root.lookup("#memoryMapCanvas");
        Instant moment = model.momentProperty().get();
        return frame != null && canvas instanceof javafx.scene.canvas.Canvas c
                && frame.layout().width() == Math.max(io.memscope.export.MemoryMapLayout.MIN_WIDTH, (int) c.getWidth())
                && (model.captureMonitor() == null
                || moment != null && frame.layout().map().takenAtEpochMillis() == moment.toEpochMilli());
    }

    private static Tab tab(String name, Node content) {
        Tab tab = new Tab(name);
        tab.setClosable(false);
        tab.selectedProperty().addListener((obs, was, selected) -> tab.setContent(selected ? content : null));
        return tab;
    }

    // ------------------------------------------------------------------------------------------------ header

    private Node header() {
        Label allocated = figure("allocatedLabel", model.allocatedBytesProperty(), v -> "Allocated " + Formats.bytes(v.longValue()));
        Label used = figure("usedLabel", model.usedBytesProperty(), v -> "Used " + Formats.bytes(v.longValue()));
        Label count = figure("countLabel", model.allocationCountProperty(), v -> "Allocations " + v.longValue());
        Label fragmentation = figure("fragmentationLabel", model.fragmentationProperty(),
                v -> "Fragmentation " + Formats.percent(v.doubleValue()));
        Tooltip perScope = new Tooltip();
        perScope.textProperty().bind(Bindings.createStringBinding(() -> describe(model.getFragmentationRows()),
                model.getFragmentationRows()));
        fragmentation.setTooltip(perScope);
        Label budget = figure("budgetLabel", model.budgetBytesProperty(), v -> "Budget " + Formats.bytes(v.longValue()));
        ProgressBar usage = new ProgressBar();
        usage.setId("usageBar");
        usage.progressProperty().bind(model.usageOfBudgetProperty());
        usage.setPrefWidth(180);
        Label usageText = figure("usageLabel", model.usageOfBudgetProperty(), v -> Formats.percent(v.doubleValue()) + " of budget");
        HBox figures = new HBox(18, allocated, used, count, fragmentation, budget, usage, usageText);
        figures.setPadding(new Insets(8));
        Label banner = new Label();
        banner.setId("warningBanner");
        banner.textProperty().bind(model.warningBannerProperty());
        banner.visibleProperty().bind(model.warningActiveProperty());
        banner.managedProperty().bind(model.warningActiveProperty());
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setStyle("-fx-background-color: #c62828; -fx-text-fill: white; -fx-font-weight: bold; -fx-padding: 6 10;");
        Label connection = new Label();
        connection.setId("connectionBanner");
        connection.textProperty().bind(model.connectionProperty());
        connection.visibleProperty().bind(model.connectionProperty().isNotEmpty());
        connection.managedProperty().bind(connection.visibleProperty());
        connection.setMaxWidth(Double.MAX_VALUE);
        connection.styleProperty().bind(Bindings.when(model.connectionProblemProperty())
                .then("-fx-background-color: #ef6c00; -fx-text-fill: white; -fx-font-weight: bold; -fx-padding: 4 10;")
                .otherwise("-fx-background-color: #e8f0fe; -fx-text-fill: #1a3d6d; -fx-padding: 4 10;"));
        Label title = new Label("memscope — " + model.monitor().getName());
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold; -fx-padding: 6 8 0 8;");
        CaptureMonitor capture = model.captureMonitor();
        if (capture != null) {
            return new VBox(title, connection, figures, timeline(capture), banner);
        }
        return new VBox(title, connection, figures, banner);
    }

    // ------------------------------------------------------------------------------------------------ timeline

    /** Seconds after the capture's start. */
    private static double secondsAfter(CaptureMonitor capture, Instant t) {
        return Duration.between(capture.start(), t).toNanos() / 1e9;
    }

    /**
     * A capture's timeline: a slider over its duration (moving it moves the moment, on the worker thread), the
     * moment in words, marks for snapshots (blue; a click goes there) and losses (red), and "A" / "compare" to set a
     * moment A and compare it with the moment shown.
     */
    private Node timeline(CaptureMonitor capture) {
        double length = Math.max(0.001, secondsAfter(capture, capture.end()));
        Slider slider = new Slider(0, length, secondsAfter(capture, capture.moment()));
        slider.setId("timelineSlider");
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setMajorTickUnit(niceTickUnit(length));
        slider.setMinorTickCount(4);
        slider.valueProperty().addListener((obs, old, value) ->
                model.requestMoment(capture.start().plusNanos((long) (value.doubleValue() * 1e9))));
        Label time = new Label();
        time.setId("timelineLabel");
        time.setMinWidth(Region.USE_PREF_SIZE);
        time.textProperty().bind(Bindings.createStringBinding(() -> {
            Instant at = model.momentProperty().get();
            return at == null ? "…" : String.format(Locale.ROOT, "%.3f s of %.3f s  ·  %s", secondsAfter(capture, at),
                    length, Formats.time(at));
        }, model.momentProperty()));
        Pane marks = new Pane();
        marks.setId("timelineMarks");
        marks.setPrefHeight(12);
        marks.setMinHeight(12);
        List<Runnable> placers = new ArrayList<>();
        for (CaptureMonitor.SnapshotMark mark : capture.snapshotMarks()) {
            double at = secondsAfter(capture, mark.at());
            Rectangle r = new Rectangle(3, 12, Color.web("#1565c0"));
            r.getStyleClass().add("snapshot-mark");
            Tooltip.install(r, new Tooltip("snapshot #" + mark.snapshot().id() + " " + mark.snapshot().description()
                    + String.format(Locale.ROOT, " at %.3f s", at)));
            r.setOnMouseClicked(e -> slider.setValue(at));
            marks.getChildren().add(r);
            placers.add(() -> r.setLayoutX(markX(slider, at / length)));
        }
        for (CaptureMonitor.LossMark loss : capture.lossMarks()) {
            double at = secondsAfter(capture, loss.at());
            Rectangle r = new Rectangle(3, 12, Color.web("#c62828"));
            r.getStyleClass().add("loss-mark");
            Tooltip.install(r, new Tooltip(loss.events() + " events lost (" + loss.what() + ")"
                    + String.format(Locale.ROOT, " at %.3f s", at)));
            marks.getChildren().add(r);
            placers.add(() -> r.setLayoutX(markX(slider, at / length)));
        }
        slider.widthProperty().addListener((obs, old, width) -> placers.forEach(Runnable::run));
        long lost = capture.reader().losses().missingEvents();
        Label losses = new Label(lost == 0 && capture.reader().losses().isEmpty() ? "nothing lost"
                : "events lost: " + lost + (capture.reader().losses().dataLossBytes() > 0
                ? " (+" + Formats.bytes(capture.reader().losses().dataLossBytes()) + " of JFR data)" : ""));
        losses.setId("lossLabel");
        losses.setMinWidth(Region.USE_PREF_SIZE);
        if (!capture.reader().losses().isEmpty()) {
            losses.setStyle("-fx-text-fill: #c62828; -fx-font-weight: bold;");
        }
        Button setA = new Button("A = here");
        setA.setId("momentAButton");
        Button compare = new Button("Compare A → here");
        compare.setId("compareMomentsButton");
        compare.setDisable(true);
        MemorySnapshot[] a = new MemorySnapshot[1];
        setA.setOnAction(e -> model.snapshotAtMoment("A").thenAccept(s -> Platform.runLater(() -> {
            a[0] = s;
            compare.setDisable(false);
            setA.setText(String.format(Locale.ROOT, "A = %.3f s", secondsAfter(capture, s.takenAt())));
        })));
        compare.setOnAction(e -> {
            MemorySnapshot first = a[0];
            if (first != null) {
                model.snapshotAtMoment("here").thenAccept(b -> Platform.runLater(() -> {
                    comparison.setText(SnapshotComparison.of(first, b).describe());
                    tabs.getTabs().stream().filter(t -> t.getText().equals("Snapshots")).findFirst()
                            .ifPresent(tabs.getSelectionModel()::select); // where the comparison shows
                }));
            }
        });
        VBox sliderAndMarks = new VBox(0, slider, marks);
        HBox.setHgrow(sliderAndMarks, Priority.ALWAYS);
        Label name = new Label("Moment");
        for (Region r : List.of(name, setA, compare)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        slider.setMinWidth(300);
        HBox bar = new HBox(10, name, sliderAndMarks, time, losses, setA, compare);
        // the slider's last tick label is centred on its end and drawn past it: room so it does not touch the time
        HBox.setMargin(sliderAndMarks, new Insets(0, 18, 0, 0));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setId("timeline");
        bar.setPadding(new Insets(2, 8, 6, 8));
        return bar;
    }

    /** X of a mark at {@code fraction} of the slider's track (the thumb's centre stays ~8 px in from each end). */
    private static double markX(Slider slider, double fraction) {
        double inset = 8;
        return inset + fraction * Math.max(0, slider.getWidth() - 2 * inset) - 1.5;
    }

    /** A tick unit giving 5 to 10 ticks over {@code length} seconds: 1, 2 or 5 times a power of ten. */
    private static double niceTickUnit(double length) {
        double raw = length / 8;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static Label figure(String id, ObservableValue<? extends Number> value, Function<Number, String> text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> text.apply(value.getValue()), value));
        return label;
    }

    // ----------------------------------------------------------------------------------------------- history

    /** The four charts; a click on one (without dragging: a drag zooms) shows that second below them. */
    private Node historyTab() {
        List<XYChart> charts = model.charts().createCharts();
        GridPane grid = new GridPane();
        grid.setId("historyCharts");
        TextArea second = new TextArea();
        second.setId("secondDetails");
        second.setEditable(false);
        second.setPrefRowCount(4);
        second.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        second.setPromptText("Click a point of a chart: the figures and the events of that second show here.");
        for (int i = 0; i < charts.size(); i++) {
            XYChart chart = charts.get(i);
            chart.getPlugins().add(new SecondPicker(t -> second.setText(model.describeSecond(t))));
            GridPane.setHgrow(chart, Priority.ALWAYS);
            GridPane.setVgrow(chart, Priority.ALWAYS);
            grid.add(chart, i % 2, i / 2);
        }
        VBox box = new VBox(grid, second);
        VBox.setVgrow(grid, Priority.ALWAYS);
        return box;
    }

    // ---------------------------------------------------------------------------------------- heaps and tags

    private Node heapsAndTagsTab() {
        TableView<ObjectProperty<DashboardModel.HeapRow>> heaps = new TableView<>(new LiveRows<>(model.getHeaps()).rows());
        heaps.setId("heapTable");
        heaps.getColumns().addAll(List.of(
                LiveRows.column("Heap", DashboardModel.HeapRow::heap),
                LiveRows.column("Device local", DashboardModel.HeapRow::deviceLocal),
                LiveRows.column("Size", r -> Formats.bytes(r.sizeBytes())),
                LiveRows.column("Budget", r -> Formats.bytes(r.budgetBytes())),
                LiveRows.column("Usage", r -> Formats.bytes(r.usageBytes())),
                LiveRows.column("Usage %", r -> Formats.percent(r.usageOfBudget())),
                LiveRows.column("Allocated", r -> Formats.bytes(r.allocatedBytes())),
                LiveRows.column("Used", r -> Formats.bytes(r.usedBytes())),
                LiveRows.column("Blocks", DashboardModel.HeapRow::blocks),
                LiveRows.column("Allocations", DashboardModel.HeapRow::allocations),
                LiveRows.column("Fragmentation", r -> Formats.percent(r.fragmentation()))));
        TableView<ObjectProperty<TagStats>> tags = new TableView<>(new LiveRows<>(model.getTags()).rows());
        tags.setId("tagTable");
        TableColumn<ObjectProperty<TagStats>, String> tagColumn = LiveRows.column("Tag", TagStats::tag);
        tagColumn.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            private final Rectangle swatch = new Rectangle(10, 10);

            @Override
            protected void updateItem(String tag, boolean empty) { // the tag's colour on the memory map beside it
                super.updateItem(tag, empty);
                setText(empty || tag == null ? null : tag);
                if (!empty && tag != null) {
                    Color colour = Color.web(model.tagColors().css(tag));
                    if (!colour.equals(swatch.getFill())) { // an equal new Color would still repaint the swatch
                        swatch.setFill(colour);
                    }
                }
                setGraphic(empty || tag == null ? null : swatch);
            }
        });
        tags.getColumns().addAll(List.of(
                tagColumn,
                LiveRows.column("Allocations", TagStats::allocationCount),
                LiveRows.column("Used", t -> Formats.bytes(t.usedBytes())),
                LiveRows.column("Requested", t -> Formats.bytes(t.requestedBytes())),
                LiveRows.column("Buffers", TagStats::bufferCount),
                LiveRows.column("Images", TagStats::imageCount)));
        TableView<ObjectProperty<DashboardModel.FragmentationRow>> fragmentation =
                new TableView<>(new LiveRows<>(model.getFragmentationRows()).rows());
        fragmentation.setId("fragmentationTable");
        fragmentation.getColumns().addAll(List.of(
                LiveRows.column("Scope", DashboardModel.FragmentationRow::scope),
                LiveRows.column("Fragmentation", r -> Formats.percent(r.figures().fragmentationRatio())),
                LiveRows.column("Blocks", r -> r.figures().blockCount()),
                LiveRows.column("Allocated", r -> Formats.bytes(r.figures().totalBytes())),
                LiveRows.column("Used", r -> Formats.bytes(r.figures().usedBytes())),
                LiveRows.column("Free ranges", r -> r.figures().freeRangeCount()),
                LiveRows.column("Largest free", r -> Formats.bytes(r.figures().largestFreeRangeBytes()))));
        fragmentation.setPrefHeight(170);
        fragmentation.setMinHeight(120);
        fragmentation.getColumns().get(0).setPrefWidth(340);
        heaps.setPrefHeight(120); // a row per heap: a few
        heaps.setMinHeight(80);
        tagColumn.setPrefWidth(170);
        VBox box = new VBox(6, new Label("Heaps"), heaps, new Label("Tags (which subsystem uses what)"), tags,
                new Label("Fragmentation: the device, each custom pool, and per tag the blocks holding its allocations "
                        + "(an empty block is one free range of its full size)"), fragmentation);
        VBox.setVgrow(tags, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** The fragmentation rows in words, one a line: what the header's fragmentation tooltip says. */
    static String describe(List<DashboardModel.FragmentationRow> rows) {
        if (rows.size() <= 1) {
            return "Device fragmentation (per pool and per tag: Heaps & tags tab, where the monitor knows blocks)";
        }
        StringBuilder text = new StringBuilder();
        for (DashboardModel.FragmentationRow r : rows) {
            text.append(text.length() == 0 ? "" : "\n").append(r.scope()).append(": ")
                    .append(Formats.percent(r.figures().fragmentationRatio())).append(" of ")
                    .append(Formats.bytes(r.figures().totalBytes() - r.figures().usedBytes())).append(" free in ")
                    .append(r.figures().freeRangeCount()).append(" ranges");
        }
        return text.toString();
    }

    // ------------------------------------------------------------------------------------------- allocations

    private Node allocationsTab() {
        TextField filter = new TextField();
        filter.setId("allocationFilter");
        filter.setPromptText("filter by tag, name or kind");
        filter.textProperty().addListener((obs, old, text) -> {
            String needle = text.toLowerCase(Locale.ROOT).strip();
            allocationRows.setFilter(needle.isEmpty() ? null : a -> a.tag().toLowerCase(Locale.ROOT).contains(needle)
                    || (a.name() != null && a.name().toLowerCase(Locale.ROOT).contains(needle))
                    || a.kind().name().toLowerCase(Locale.ROOT).contains(needle));
        });
        TableView<AllocationRows.Slot> table = new TableView<>(allocationRows.rows());
        table.setId("allocationTable");
        table.getStylesheets().add(LIGHT_ROWS);
        // one row height for all: the table then never measures a cell (100 k rows stay cheap to scroll/refresh)
        table.setFixedCellSize(24);
        Map<TableColumn<AllocationRows.Slot, ?>, Comparator<AllocationInfo>> orders = new HashMap<>();
        TableColumn<AllocationRows.Slot, Long> age = AllocationRows.ageColumn("Age (s)");
        List<TableColumn<AllocationRows.Slot, ?>> columns = List.of(
                sortable(orders, "Id", AllocationInfo::id),
                sortable(orders, "Tag", AllocationInfo::tag),
                sortable(orders, "Name", a -> a.name() == null ? "" : a.name()),
                sortable(orders, "Kind", AllocationInfo::kind),
                sortable(orders, "Size (bytes)", AllocationInfo::sizeBytes),
                sortable(orders, "Memory type", AllocationInfo::memoryTypeIndex),
                sortable(orders, "Block", a -> "0x" + Long.toHexString(a.deviceMemory())),
                sortable(orders, "Offset", AllocationInfo::offset),
                age);
        orders.put(age, Comparator.comparingLong(a -> -a.createdEpochMillis()));
        table.getColumns().addAll(columns);
        // sorting happens off the FX thread (AllocationRows): the table only says in which order
        List<Object> sortedBy = new ArrayList<>();
        table.setSortPolicy(t -> {
            List<Object> key = new ArrayList<>();
            t.getSortOrder().forEach(c -> key.addAll(List.of(c, c.getSortType())));
            if (key.equals(sortedBy)) {
                return true; // the table asks again when its rows change: they already are in this order
            }
            sortedBy.clear();
            sortedBy.addAll(key);
            Comparator<AllocationInfo> by = null;
            for (TableColumn<AllocationRows.Slot, ?> c : t.getSortOrder()) {
                Comparator<AllocationInfo> one = orders.get(c);
                if (one != null) {
                    one = c.getSortType() == TableColumn.SortType.DESCENDING ? one.reversed() : one;
                    by = by == null ? one : by.thenComparing(one);
                }
            }
            allocationRows.setOrder(by);
            return true;
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, slot) -> {
            AllocationInfo a = slot == null ? null : slot.get();
            if (a != null) {
                model.selectAllocation(a);
            }
        });
        model.selectedAllocationProperty().addListener((obs, old, a) -> selectRow(table, a));
        // the rows were refreshed: the selection stays on its row, so select the allocation's new row
        allocationRows.onLanded(() -> selectRow(table, model.selectedAllocationProperty().get()));
        allocationRows.showOnScreen(() -> rowsOnScreen(table));
        Label count = new Label();
        count.textProperty().bind(allocationRows.count().asString("%d shown"));
        Button export = new Button("Export allocations CSV…");
        export.setOnAction(e -> chooseFile("allocations.csv").ifPresent(
                file -> CsvExport.writeAllocations(List.copyOf(model.getLiveAllocations()), file.toPath())));
        HBox bar = new HBox(8, filter, count, export);
        HBox.setHgrow(filter, Priority.ALWAYS);
        VBox box = new VBox(6, bar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /**
     * The allocation table's rows drawn with one fill each and no cell borders: a refresh repaints every visible row,
     * and in software rendering Modena's two fills per row and a border per cell doubled that paint (measured with
     * {@code -Djavafx.pulseLogger}: 24 ms → see docs/performance.md).
     */
    private static final String LIGHT_ROWS = "data:text/css;base64," + java.util.Base64.getEncoder().encodeToString((
            ".table-row-cell { -fx-background-color: -fx-background; -fx-background-insets: 0; }\n"
            + ".table-row-cell:selected { -fx-background: -fx-selection-bar; }\n"
            + ".table-view .table-cell { -fx-border-color: null; -fx-border-width: 0; -fx-background-color: null; }\n"
)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** A column the allocation table sorts by {@code value}'s natural order (off the FX thread). */
    private static <T extends Comparable<? super T>> TableColumn<AllocationRows.Slot, T> sortable(
            Map<TableColumn<AllocationRows.Slot, ?>, Comparator<AllocationInfo>> orders,
            String name, Function<AllocationInfo, T> value) {
        TableColumn<AllocationRows.Slot, T> column = LiveRows.column(name, value);
        orders.put(column, Comparator.comparing(value));
        return column;
    }

    /** The first and last row index the allocation table shows now; null before it has cells on screen. */
    static int @Nullable [] rowsOnScreen(TableView<?> table) {
        if (!(table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) || flow.getFirstVisibleCell() == null
                || flow.getLastVisibleCell() == null) {
            return null;
        }
        return new int[] {flow.getFirstVisibleCell().getIndex(), flow.getLastVisibleCell().getIndex()};
    }

    /** Selects and shows the row of {@code a} (by id; none if null or not listed). O(rows). */
    private void selectRow(TableView<AllocationRows.Slot> table, @Nullable AllocationInfo a) {
        AllocationRows.Slot selected = table.getSelectionModel().getSelectedItem();
        AllocationInfo current = selected == null ? null : selected.get();
        if (a == null || current != null && current.id() == a.id()) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            AllocationInfo row = allocationRows.allocationAt(i);
            if (row != null && row.id() == a.id()) {
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(Math.max(0, i - 3));
                return;
            }
        }
        table.getSelectionModel().clearSelection();
    }

    private java.util.Optional<File> chooseFile(String name) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        Window window = root.getScene() != null ? root.getScene().getWindow() : null;
        return java.util.Optional.ofNullable(chooser.showSaveDialog(window));
    }

    // --------------------------------------------------------------------------------------------- snapshots

    private Node snapshotsTab() {
        snapshotDescription.setId("snapshotDescription");
        snapshotDescription.setPromptText("description");
        Button take = new Button("Take snapshot (F11)");
        take.setId("snapshotButton");
        take.setOnAction(e -> takeSnapshot());
        take.setDisable(readOnly());
        ListView<MemorySnapshot> list = new ListView<>(model.getSnapshots());
        list.setId("snapshotList");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(MemorySnapshot s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : "#" + s.id() + "  " + Formats.time(s.takenAt()) + "  " + s.description()
                        + "  —  used " + Formats.bytes(s.stats().usedBytes()) + ", " + s.stats().allocationCount()
                        + " allocations, fragmentation " + Formats.percent(s.stats().fragmentationRatio()));
            }
        });
        Button compare = new Button("Compare selected two");
        compare.setId("compareButton");
        compare.setOnAction(e -> {
            List<MemorySnapshot> selected = List.copyOf(list.getSelectionModel().getSelectedItems());
            if (selected.size() != 2) {
                comparison.setText("Select exactly two snapshots (Ctrl-click).");
                return;
            }
            MemorySnapshot a = selected.get(0).id() < selected.get(1).id() ? selected.get(0) : selected.get(1);
            MemorySnapshot b = a == selected.get(0) ? selected.get(1) : selected.get(0);
            comparison.setText(SnapshotComparison.of(a, b).describe());
        });
        Button export = new Button("Export snapshots CSV…");
        export.setOnAction(e -> chooseFile("snapshots.csv").ifPresent(
                file -> CsvExport.writeSnapshots(List.copyOf(model.getSnapshots()), file.toPath())));
        comparison.setId("comparisonText");
        comparison.setEditable(false);
        comparison.setStyle("-fx-font-family: monospace;");
        HBox bar = new HBox(8, snapshotDescription, take, compare, export);
        HBox.setHgrow(snapshotDescription, Priority.ALWAYS);
        VBox box = new VBox(6, bar, list, comparison);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** Whether the monitor only shows what was recorded: no snapshots, defragmentation or thresholds then. */
    private boolean readOnly() {
        return model.monitor().isReadOnly();
    }

    private void takeSnapshot() {
        if (readOnly()) {
            return;
        }
        model.takeSnapshot(snapshotDescription.getText());
        snapshotDescription.clear();
    }

    // -------------------------------------------------------------------------------------- defragmentation

    private Node defragmentationTab() {
        algorithm.getItems().setAll(DefragmentationAlgorithm.values());
        algorithm.setValue(DefragmentationAlgorithm.FULL);
        algorithm.setId("algorithmChoice");
        Button run = new Button("Defragment (F12)");
        run.setId("defragmentButton");
        run.setOnAction(e -> defragment());
        run.disableProperty().bind(defragProgress.visibleProperty().or(new SimpleBooleanProperty(readOnly())));
        defragProgress.setVisible(false);
        defragProgress.setPrefSize(24, 24);
        defragResult.setId("defragResult");
        defragResult.setWrapText(true);
        Label help = new Label("Moves allocations to close holes, copying their contents on the GPU. A snapshot is "
                + "taken before and after (see Snapshots). Allocation in the monitored program waits while it runs.");
        help.setWrapText(true);
        VBox box = new VBox(10, help, new HBox(8, new Label("Algorithm"), algorithm, run, defragProgress), defragResult);
        box.setPadding(new Insets(12));
        return box;
    }

    private void defragment() {
        if (defragProgress.isVisible() || readOnly()) {
            return;
        }
        defragProgress.setVisible(true);
        defragResult.setText("Running " + algorithm.getValue() + "…");
        model.defragment(algorithm.getValue()).whenComplete((result, error) -> Platform.runLater(() -> {
            defragProgress.setVisible(false);
            defragResult.setText(error != null ? "Failed: " + error.getMessage() : describe(result));
        }));
    }

    static String describe(DefragmentationResult r) {
        return String.format(Locale.ROOT, "%s: moved %d allocation(s), %s in %d pass(es), %d ms; freed %d block(s), %s. "
                        + "Fragmentation %s → %s; allocated %s → %s; used %s → %s.",
                r.algorithm(), r.allocationsMoved(), Formats.bytes(r.bytesMoved()), r.passes(), r.duration().toMillis(),
                r.blocksFreed(), Formats.bytes(r.bytesFreed()), Formats.percent(r.fragmentationBefore()),
                Formats.percent(r.fragmentationAfter()), Formats.bytes(r.totalBytesBefore()),
                Formats.bytes(r.totalBytesAfter()), Formats.bytes(r.usedBytesBefore()), Formats.bytes(r.usedBytesAfter()));
    }

    // --------------------------------------------------------------------------------------------- warnings

    private Node warningsTab() {
        MonitorThresholds t = model.getThresholds();
        Spinner<Double> usageWarning = percentSpinner("usageWarningSpinner", t.usageWarning());
        Spinner<Double> usageHigh = percentSpinner("usageHighSpinner", t.usageHigh());
        Spinner<Double> fragmentation = percentSpinner("fragmentationSpinner", t.fragmentation());
        Button apply = new Button("Apply thresholds");
        apply.setId("applyThresholds");
        apply.setDisable(readOnly());
        apply.setOnAction(e -> model.setThresholds(model.getThresholds()
                .withUsageWarning(usageWarning.getValue() / 100).withUsageHigh(usageHigh.getValue() / 100)
                .withFragmentation(fragmentation.getValue() / 100)));
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Usage warning (% of budget)"), usageWarning);
        form.addRow(1, new Label("Usage high (% of budget)"), usageHigh);
        form.addRow(2, new Label("Fragmentation (%)"), fragmentation);
        form.addRow(3, apply);
        ListView<DashboardModel.WarningEntry> log = new ListView<>(model.getWarnings());
        log.setId("warningLog");
        log.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(DashboardModel.WarningEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : entry.describe());
            }
        });
        VBox box = new VBox(10, form, new Label("Log (newest first)"), log);
        VBox.setVgrow(log, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }

    private static Spinner<Double> percentSpinner(String id, double fraction) {
        Spinner<Double> spinner = new Spinner<>(1.0, 100.0, fraction * 100, 1.0);
        spinner.setEditable(true);
        spinner.setId(id);
        return spinner;
    }

    // ------------------------------------------------------------------------------------------------ report

    private Node reportTab() {
        TextArea text = new TextArea();
        text.setId("reportText");
        text.setEditable(false);
        text.setStyle("-fx-font-family: monospace;");
        Button report = new Button("Detailed stats");
        report.setId("reportButton");
        report.setOnAction(e -> model.detailedReport().thenAccept(r -> Platform.runLater(() -> text.setText(r))));
        Button json = new Button("VMA JSON");
        json.setId("jsonButton");
        json.setDisable(readOnly());
        json.setOnAction(e -> model.vmaJson().thenAccept(r -> Platform.runLater(() -> text.setText(r))));
        Button copy = new Button("Copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        VBox box = new VBox(6, new HBox(8, report, json, copy), text);
        VBox.setVgrow(text, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    // -------------------------------------------------------------------------------------------------- keys

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.F10) {
            tabs.setVisible(!tabs.isVisible());
            tabs.setManaged(tabs.isVisible());
            event.consume();
        } else if (event.getCode() == KeyCode.F11) {
            takeSnapshot();
            event.consume();
        } else if (event.getCode() == KeyCode.F12) {
            defragment();
            event.consume();
        }
    }
}
