package io.memscope.ui;

import static io.memscope.ui.DashboardTesting.await;
import static io.memscope.ui.DashboardTesting.openTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MemoryUsage;
import io.memscope.export.Formats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real dashboard (headless JavaFX on Monocle) over a real allocator on a real Vulkan device: buttons
 * are pressed with TestFX's robot and the effects checked in the controls.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardUiTest {
    private static final int USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

    private AllocatorCore core;
    private DashboardModel model;
    private DashboardView view;
    private Scene scene;
    private final List<BufferAllocation> buffers = new ArrayList<>();

    @Start
    void start(Stage stage) {
        core = DashboardTesting.coreWithoutSampler(AllocatorOptions.defaults().withPreferredLargeHeapBlockSize(1 << 20));
        model = DashboardTesting.model(core.monitor());
        view = DashboardTesting.show(stage, model);
        scene = stage.getScene();
    }

    @AfterEach
    void tearDown() {
        DashboardTesting.stop(view, model);
        buffers.forEach(b -> {
            if (b.isLive()) {
                b.close();
            }
        });
        core.close();
    }

    private void allocate(int count, long size) {
        MemoryAllocator terrain = core.allocator("Terrain");
        for (int i = 0; i < count; i++) {
            buffers.add(terrain.allocateBuffer(BufferRequest.of(size, USAGE, MemoryUsage.GPU_ONLY).named("chunk " + i)));
        }
    }

    @Test
    void figuresChartsAndTablesFollowTheSamples(FxRobot robot) throws Exception {
        allocate(8, 1 << 16);
        for (int i = 0; i < 3; i++) {
            core.monitor().sampleNow();
        }
        await(() -> model.historySampleCount() >= 3);
        await(() -> model.allocationCountProperty().get() == 8);
        assertThat(robot.lookup("#countLabel").queryAs(Label.class).getText()).isEqualTo("Allocations 8");
        assertThat(robot.lookup("#usedLabel").queryAs(Label.class).getText()).startsWith("Used 512.0 KiB");
        await(() -> WaitForAsyncUtils.asyncFx(() -> model.getTags().stream()
                .anyMatch(t -> t.tag().equals("Terrain") && t.allocationCount() == 8)).get()); // an FX-thread list
        await(() -> model.getHeaps().size() == core.getMemoryLayout().heaps().size());
        // hidden tabs are out of the scene (no layout or CSS work per frame for them)
        assertThat(robot.lookup("#allocationTable").tryQuery()).isEmpty();
        openTab(robot, "Allocations");
        await(() -> model.getLiveAllocations().size() == 8);
        robot.clickOn("#allocationFilter").write("chunk 7");
        await(() -> robot.lookup("#allocationTable").queryTableView().getItems().size() == 1);
        openTab(robot, "History");
        assertThat(robot.lookup("#allocationTable").tryQuery()).isEmpty();
        openTab(robot, "Allocations"); // back in the scene with its filter kept
        assertThat(robot.lookup("#allocationTable").queryTableView().getItems()).hasSize(1);
    }

    @Test
    void aClickedHeaderSortsTheAllocationTableAndAgesCountUp(FxRobot robot) throws Exception {
        MemoryAllocator meshes = core.allocator("Meshes");
        for (long kib : new long[] {20, 4, 16, 8, 12}) {
            buffers.add(meshes.allocateBuffer(BufferRequest.of(kib << 10, USAGE, MemoryUsage.GPU_ONLY).named("m" + kib)));
        }
        openTab(robot, "Allocations");
        javafx.scene.control.TableView<AllocationRows.Slot> table = robot.lookup("#allocationTable").queryTableView();
        await(() -> table.getItems().size() == 5);
        assertThat(WaitForAsyncUtils.asyncFx(() -> sizes(table)).get()).as("by id: as allocated")
                .containsExactly(20L << 10, 4L << 10, 16L << 10, 8L << 10, 12L << 10);
        // the rows on screen, which a refresh fills a few per frame (known once the table has laid its cells out)
        await(() -> java.util.Arrays.equals(WaitForAsyncUtils.asyncFx(() -> DashboardView.rowsOnScreen(table)).get(),
                new int[] {0, 4}));
        javafx.scene.Node sizeHeader = robot.lookup(".column-header .label")
                .match(org.testfx.matcher.control.LabeledMatchers.hasText("Size (bytes)")).query();
        robot.clickOn(sizeHeader);
        await(() -> WaitForAsyncUtils.asyncFx(() -> sizes(table)).get()
                .equals(List.of(4L << 10, 8L << 10, 12L << 10, 16L << 10, 20L << 10)));
        robot.clickOn(sizeHeader);
        await(() -> WaitForAsyncUtils.asyncFx(() -> sizes(table)).get()
                .equals(List.of(20L << 10, 16L << 10, 12L << 10, 8L << 10, 4L << 10)));

        @SuppressWarnings("unchecked")
        javafx.scene.control.TableColumn<AllocationRows.Slot, Long> age = (javafx.scene.control.TableColumn<
                AllocationRows.Slot, Long>) table.getColumns().get(table.getColumns().size() - 1);
        assertThat(age.getText()).isEqualTo("Age (s)");
        long first = WaitForAsyncUtils.asyncFx(() -> age.getCellData(0)).get();
        assertThat(first).isNotNegative();
        await(() -> WaitForAsyncUtils.asyncFx(() -> age.getCellData(0)).get() >= first + 1); // the clock moves them
    }

    private static List<Long> sizes(javafx.scene.control.TableView<AllocationRows.Slot> table) {
        return table.getItems().stream().map(slot -> slot.get().sizeBytes()).toList();
    }

    /** A window shown and its tab switched in the same FX task used to freeze the charts (ChartFX locks). */
    @Test
    void chartsKeepReceivingSamplesWhenTheirTabIsLeftRightAfterShowing(FxRobot robot) throws Exception {
        Stage second = WaitForAsyncUtils.asyncFx(() -> {
            DashboardView other = new DashboardView(model);
            Stage stage = new Stage();
            stage.setScene(new Scene((javafx.scene.Parent) other.root(), 900, 600));
            stage.show();
            ((TabPane) stage.getScene().lookup("#tabs")).getSelectionModel().select(2);
            return stage;
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        int before = model.historySampleCount();
        for (int i = 0; i < 3; i++) {
            core.monitor().sampleNow();
        }
        await(() -> model.historySampleCount() >= before + 3);
        WaitForAsyncUtils.asyncFx(second::hide).get();
    }

    @Test
    void snapshotsAppearAndTwoCompareWithTheRightDeltas(FxRobot robot) throws Exception {
        allocate(2, 1 << 16);
        openTab(robot, "Snapshots");
        robot.clickOn("#snapshotDescription").write("two chunks");
        robot.clickOn("#snapshotButton");
        await(() -> model.getSnapshots().size() == 1);
        allocate(3, 1 << 16);
        robot.type(KeyCode.F11);
        await(() -> model.getSnapshots().size() == 2);
        ListView<MemorySnapshot> list = robot.lookup("#snapshotList").queryListView();
        robot.interact(() -> list.getSelectionModel().selectAll());
        robot.clickOn("#compareButton");
        String text = robot.lookup("#comparisonText").queryAs(TextArea.class).getText();
        assertThat(text).contains("two chunks").contains("allocations added: 3, removed: 0");
        assertThat(text).containsPattern("Allocations\\s+2\\s+5\\s+\\+3");
    }

    @Test
    void defragmentationRunsFromTheButtonAndShowsItsResultWithSnapshotsAround(FxRobot robot) throws Exception {
        allocate(32, 1 << 16);
        for (int i = 0; i < buffers.size(); i += 2) {
            buffers.get(i).close();
        }
        openTab(robot, "Defragmentation");
        robot.clickOn("#defragmentButton");
        await(() -> robot.lookup("#defragResult").queryAs(Label.class).getText().startsWith("FULL: moved"));
        String result = robot.lookup("#defragResult").queryAs(Label.class).getText();
        assertThat(result).doesNotContain("moved 0 allocation");
        await(() -> model.getSnapshots().size() == 2);
        assertThat(model.getSnapshots().get(0).description()).startsWith("before defragmentation");
        assertThat(model.getSnapshots().get(1).description()).startsWith("after defragmentation");
    }

    @Test
    void theHistoryChartsHaveACrosshairAndCompactValueTicks(FxRobot robot) {
        java.util.Set<io.fair_acc.chartfx.XYChart> charts = robot.lookup(n -> n instanceof io.fair_acc.chartfx.XYChart)
                .queryAllAs(io.fair_acc.chartfx.XYChart.class);
        assertThat(charts).hasSize(4).allSatisfy(chart -> {
            assertThat(chart.getPlugins()).anyMatch(io.fair_acc.chartfx.plugins.CrosshairIndicator.class::isInstance);
            assertThat(chart.getYAxis().getTickLabelFormatter()).isSameAs(HistoryCharts.COMPACT_TICKS);
        });
        assertThat(HistoryCharts.COMPACT_TICKS.toString(50_000)).isEqualTo("50k");
    }

    @Test
    void aCrossedThresholdShowsTheBannerAndALogLine(FxRobot robot) throws Exception {
        openTab(robot, "Warnings");
        robot.doubleClickOn("#fragmentationSpinner .text-field").write("10").type(KeyCode.ENTER);
        robot.clickOn("#applyThresholds");
        assertThat(model.getThresholds().fragmentation()).isEqualTo(0.10);
        allocate(16, 1 << 16);
        for (int i = 0; i < buffers.size(); i += 2) {
            buffers.get(i).close(); // equal holes: fragmentation well above 10 %
        }
        core.monitor().sampleNow();
        await(() -> model.warningActiveProperty().get());
        Label banner = robot.lookup("#warningBanner").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).contains("FRAGMENTATION").contains(", above 10.0 % since ");
        // the banner shows the figure now, the same as the figure bar, not the value at the crossing
        await(() -> banner.getText().contains(Formats.percent(model.fragmentationProperty().get()) + ", above"));
        for (int i = 1; i < buffers.size(); i += 4) {
            buffers.get(i).close(); // fragmentation changes
        }
        core.monitor().sampleNow();
        await(() -> banner.getText().contains(Formats.percent(model.fragmentationProperty().get()) + ", above"));
        assertThat(model.getWarnings()).first().satisfies(w -> assertThat(w.describe()).contains("FRAGMENTATION raised"));
    }

    @Test
    void f10TogglesTheMainPanelAndTheScreenshotShowsARealDashboard(FxRobot robot) throws Exception {
        allocate(24, 1 << 16);
        core.allocator("Textures").allocateBuffer(4 << 20, USAGE, MemoryUsage.GPU_ONLY);
        for (int i = 0; i < 10; i++) {
            if (i % 3 == 0 && !buffers.isEmpty()) {
                buffers.remove(0).close();
            }
            core.monitor().sampleNow();
        }
        await(() -> model.historySampleCount() >= 10);
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        robot.type(KeyCode.F10);
        assertThat(tabs.isVisible()).isFalse();
        robot.type(KeyCode.F10);
        assertThat(tabs.isVisible()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        Path png = WaitForAsyncUtils.asyncFx(() -> Screenshots.write(scene, Path.of("target/screenshots/dashboard-headless.png"))).get();
        assertThat(png).exists().isNotEmptyFile();
    }
}
