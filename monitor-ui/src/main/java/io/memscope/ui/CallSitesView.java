package io.memscope.ui;

import io.memscope.core.management.CallSites;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

/**
 * The "Call sites" tab: who allocated the live allocations, as a tree of call-stack frames with live bytes (MiB),
 * count and share of the live bytes; bottom-up (allocating frames first, callers below: where the bytes come from) or
 * top-down (threads' entry points first). Follows {@link DashboardModel#callSitesProperty()}: a capture's moment, or
 * an attached monitor's allocations (refreshed at most once a second). Says so when there are no stacks. FX thread.
 */
final class CallSitesView {
    /** What the tab says for a monitor that cannot know call sites (in process). */
    static final String IN_PROCESS = "No call stacks here: they come from Flight Recorder. Record a capture with "
            + "--call-stacks and open it, or attach with ./memscope monitor --call-stacks all (docs/captures.md, "
            + "\"Who allocated it\").";
    /** What the tab says for a capture or an attached monitor without recorded stacks. */
    static final String NO_STACKS = "No call stacks recorded: every allocation is in \"" + CallSites.NO_STACK
            + "\". Record with --call-stacks all (or 1/N, tag:A,B).";

    private final DashboardModel model;
    private final TreeTableView<CallSites.Node> tree = new TreeTableView<>();
    private final Label status = new Label();
    private final RadioButton bottomUp = new RadioButton("Bottom-up (allocating frames first)");
    private final RadioButton topDown = new RadioButton("Top-down (entry points first)");

    private CallSitesView(DashboardModel model) {
        this.model = model;
    }

    static Node create(DashboardModel model) {
        return new CallSitesView(model).build();
    }

    private Node build() {
        tree.setId("callSitesTree");
        status.setId("callSitesStatus");
        status.setWrapText(true);
        bottomUp.setId("callSitesBottomUp");
        topDown.setId("callSitesTopDown");
        ToggleGroup direction = new ToggleGroup();
        bottomUp.setToggleGroup(direction);
        topDown.setToggleGroup(direction);
        bottomUp.setSelected(true);
        TreeTableColumn<CallSites.Node, String> frame = column("Frame", CallSites.Node::label);
        frame.setPrefWidth(620);
        TreeTableColumn<CallSites.Node, String> mib = column("Live (MiB)", n -> mib(n.bytes()));
        mib.setPrefWidth(110);
        mib.setStyle("-fx-alignment: CENTER-RIGHT;");
        TreeTableColumn<CallSites.Node, String> count = column("Count", n -> Integer.toString(n.count()));
        count.setStyle("-fx-alignment: CENTER-RIGHT;");
        TreeTableColumn<CallSites.Node, String> share = column("Share", n -> {
            CallSites sites = model.callSitesProperty().get();
            return sites == null ? "" : String.format(Locale.ROOT, "%.1f %%", 100 * n.shareOf(sites.liveBytes()));
        });
        share.setStyle("-fx-alignment: CENTER-RIGHT;");
        TreeTableColumn<CallSites.Node, String> self = column("Self (MiB)", n -> mib(n.selfBytes()));
        self.setStyle("-fx-alignment: CENTER-RIGHT;");
        tree.getColumns().setAll(java.util.List.of(frame, mib, count, share, self));
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY);
        tree.setShowRoot(true);
        model.callSitesProperty().addListener((obs, old, sites) -> show(sites));
        direction.selectedToggleProperty().addListener((obs, old, now) -> show(model.callSitesProperty().get()));
        show(model.callSitesProperty().get());
        HBox bar = new HBox(12, bottomUp, topDown);
        VBox box = new VBox(6, bar, status, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1048576.0);
    }

    private static <T> TreeTableColumn<CallSites.Node, T> column(String name, Function<CallSites.Node, T> value) {
        TreeTableColumn<CallSites.Node, T> column = new TreeTableColumn<>(name);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue().getValue())));
        return column;
    }

    private void show(@Nullable CallSites sites) {
        if (sites == null) {
            tree.setRoot(null);
            status.setText(model.hasCallSites() ? "Reading call sites …" : IN_PROCESS);
            return;
        }
        status.setText(describe(sites));
        CallSites.Node root = bottomUp.isSelected() ? sites.bottomUp() : sites.topDown();
        TreeItem<CallSites.Node> item = item(root);
        item.setExpanded(true);
        // open the heaviest path a few levels deep: the answer to "who allocated most" is visible at once
        TreeItem<CallSites.Node> at = item;
        for (int depth = 0; depth < 6 && !at.getChildren().isEmpty(); depth++) {
            at = at.getChildren().get(0);
            at.setExpanded(true);
        }
        tree.setRoot(item);
    }

    static String describe(CallSites sites) {
        if (sites.unavailableReason().isPresent()) {
            return "No call stacks: " + sites.unavailableReason().get();
        }
        if (!sites.hasStacks()) {
            return NO_STACKS;
        }
        return sites.withStack() + " of " + sites.allocationCount() + " live allocations have a call stack · "
                + mib(sites.liveBytes()) + " MiB live · " + sites.paths().size() + " distinct stacks";
    }

    private static TreeItem<CallSites.Node> item(CallSites.Node node) {
        TreeItem<CallSites.Node> item = new TreeItem<>(node);
        for (CallSites.Node child : node.children()) {
            item.getChildren().add(item(child));
        }
        return item;
    }
}
