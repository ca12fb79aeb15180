package io.memscope.ui;

import static io.memscope.ui.DashboardTesting.await;
import static io.memscope.ui.DashboardTesting.openTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.CallStacks;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.management.CallSites;
import io.memscope.export.capture.CaptureMonitor;
import io.memscope.export.capture.CaptureReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The "Call sites" tab (headless JavaFX on Monocle) on a capture recorded with call stacks on the real device: the
 * tree names the allocating methods with their live bytes and counts, follows the timeline's moment, and switches
 * between bottom-up and top-down.
 */
@ExtendWith(ApplicationExtension.class)
class CallSitesUiTest {
    private static final String TILES = "loadTerrainTiles";
    private static final String TEXTURES = "uploadTextures";
    private static final long TILE = 1 << 20;
    private static final long TEXTURE = 4 << 20;
    private static Path file;

    private CaptureMonitor monitor;
    private DashboardModel model;
    private DashboardView view;
    private Scene scene;

    static List<BufferAllocation> loadTerrainTiles(MemoryAllocator allocator, int count) {
        List<BufferAllocation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(allocator.allocateBuffer(BufferRequest.of(TILE, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).named("tile " + i)));
        }
        return out;
    }

    static List<BufferAllocation> uploadTextures(MemoryAllocator allocator, int count) {
        List<BufferAllocation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(allocator.allocateBuffer(BufferRequest.of(TEXTURE, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).named("texture " + i)));
        }
        return out;
    }

    static List<BufferAllocation> loadLevel(MemoryAllocator terrain) {
        return loadTerrainTiles(terrain, 10);
    }

    static List<BufferAllocation> streamTextures(MemoryAllocator textures) {
        return uploadTextures(textures, 5);
    }

    @BeforeAll
    static void record() throws Exception {
        file = Files.createTempDirectory("memscope-call-sites").resolve("call-sites.jfr");
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator("terrain");
            MemoryAllocator textures = core.allocator("texture");
            core.monitor().startCapture(file, CaptureOptions.defaults().withCallStacks(CallStacks.all()));
            List<BufferAllocation> tiles = loadLevel(terrain);
            core.monitor().takeSnapshot("tiles");
            Thread.sleep(20); // distinct timestamps around each snapshot
            List<BufferAllocation> texs = streamTextures(textures);
            core.monitor().takeSnapshot("textures");
            Thread.sleep(20);
            tiles.forEach(BufferAllocation::close);
            core.monitor().takeSnapshot("tiles freed");
            Thread.sleep(20);
            core.monitor().stopCapture();
            texs.forEach(BufferAllocation::close);
        }
    }

    @Start
    void start(Stage stage) {
        CaptureReader reader = CaptureReader.open(file);
        monitor = new CaptureMonitor(reader, reader.firstCore(), file);
        model = DashboardTesting.model(monitor);
        view = DashboardTesting.show(stage, model);
        scene = stage.getScene();
    }

    @AfterEach
    void tearDown() {
        DashboardTesting.stop(view, model);
        monitor.close();
    }

    private static Optional<CallSites.Node> shown(TreeTableView<CallSites.Node> tree, String method) {
        TreeItem<CallSites.Node> root = tree.getRoot();
        if (root == null) {
            return Optional.empty();
        }
        return root.getChildren().stream().map(TreeItem::getValue)
                .filter(n -> n.frame() != null && n.frame().methodName().equals(method)).findFirst();
    }

    @Test
    void theTreeNamesTheAllocatingMethodsAndFollowsTheMoment(FxRobot robot) throws Exception {
        List<CaptureMonitor.SnapshotMark> marks = monitor.snapshotMarks();
        assertThat(marks).hasSize(3);
        openTab(robot, "Call sites");
        @SuppressWarnings("unchecked")
        TreeTableView<CallSites.Node> tree = robot.lookup("#callSitesTree").queryAs(TreeTableView.class);
        Slider slider = robot.lookup("#timelineSlider").queryAs(Slider.class);
        long tileBytes = marks.get(0).snapshot().stats().usedBytes();
        long[][] expected = {{10, 0}, {10, 5}, {0, 5}}; // tiles, textures live at each snapshot
        for (int i : List.of(0, 1, 2, 0)) {
            CaptureMonitor.SnapshotMark mark = marks.get(i);
            robot.interact(() -> slider.setValue(Duration.between(monitor.start(), mark.at()).toNanos() / 1e9));
            long tiles = expected[i][0];
            long textures = expected[i][1];
            await(() -> shown(tree, TILES).map(CallSites.Node::count).orElse(0) == tiles
                    && shown(tree, TEXTURES).map(CallSites.Node::count).orElse(0) == textures);
            assertThat(tree.getRoot().getValue().bytes()).isEqualTo(mark.snapshot().stats().usedBytes());
            assertThat(tree.getRoot().getValue().count()).isEqualTo(tiles + textures);
            if (tiles > 0) {
                assertThat(shown(tree, TILES).orElseThrow().bytes()).isEqualTo(tileBytes);
                // bottom-up: under the allocating frame, its caller
                assertThat(shown(tree, TILES).orElseThrow().children()).first()
                        .satisfies(n -> assertThat(n.frame().methodName()).isEqualTo("loadLevel"));
            }
            assertThat(robot.lookup("#callSitesStatus").queryAs(Label.class).getText())
                    .contains((tiles + textures) + " of " + (tiles + textures) + " live allocations have a call stack");
        }
        robot.interact(() -> slider.setValue(Duration.between(monitor.start(), marks.get(1).at()).toNanos() / 1e9));
        await(() -> shown(tree, TEXTURES).isPresent() && shown(tree, TILES).isPresent());
        robot.clickOn("#callSitesTopDown");
        // top-down: the roots are the outermost frames (the test runner's thread), not the allocating methods
        await(() -> shown(tree, TILES).isEmpty() && tree.getRoot() != null);
        assertThat(tree.getRoot().getValue().count()).isEqualTo(15);
        assertThat(tree.getRoot().getChildren()).isNotEmpty();
        robot.clickOn("#callSitesBottomUp");
        await(() -> shown(tree, TILES).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        Path png = WaitForAsyncUtils.asyncFx(() -> Screenshots.write(scene,
                Path.of("target/screenshots/call-sites-headless.png"))).get();
        assertThat(png).exists().isNotEmptyFile();
    }

    @Test
    void aTabIsSelectedByItsNameInAnyCaseAndAnUnknownOneIsRefused(FxRobot robot) throws Exception {
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.selectTab("  call SITES ")).get()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel()
                .getSelectedItem().getText()).isEqualTo("Call sites");
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.selectTab("nosuch")).get()).isFalse();
        assertThat(DashboardView.TAB_NAMES).contains("History", "Call sites", "Report");
    }
}
