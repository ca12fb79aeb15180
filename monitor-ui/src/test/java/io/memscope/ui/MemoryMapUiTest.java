package io.memscope.ui;

import static io.memscope.ui.DashboardTesting.await;
import static io.memscope.ui.DashboardTesting.openTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_FORMAT_R8G8B8A8_UNORM;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_SAMPLED_BIT;

import io.memscope.core.AllocationKind;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.ImageAllocation;
import io.memscope.core.ImageRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.MemoryMap;
import io.memscope.export.MemoryMapDrawing;
import io.memscope.export.MemoryMapLayout;
import io.memscope.export.MemoryMapPng;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The "Memory map" tab over a real allocator on lavapipe: bars, spans, hover, selection both ways, defragmentation. */
@ExtendWith(ApplicationExtension.class)
class MemoryMapUiTest {
    private static final int USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

    private AllocatorCore core;
    private DashboardModel model;
    private DashboardView view;
    private final List<BufferAllocation> buffers = new ArrayList<>();
    private final List<ImageAllocation> images = new ArrayList<>();

    @Start
    void start(Stage stage) {
        core = DashboardTesting.coreWithoutSampler(AllocatorOptions.defaults().withPreferredLargeHeapBlockSize(1 << 20));
        model = DashboardTesting.model(core.monitor());
        view = DashboardTesting.show(stage, model);
    }

    @AfterEach
    void tearDown() {
        DashboardTesting.stop(view, model);
        buffers.stream().filter(BufferAllocation::isLive).forEach(BufferAllocation::close);
        images.forEach(ImageAllocation::close);
        core.close();
    }

    /** 12 Terrain buffers of 64 KiB, 2 "Gelände ☃" images, one dedicated 256 KiB buffer. */
    private void allocateKnownSet() {
        MemoryAllocator terrain = core.allocator("Terrain");
        for (int i = 0; i < 12; i++) {
            buffers.add(terrain.allocateBuffer(BufferRequest.of(1 << 16, USAGE, MemoryUsage.GPU_ONLY).named("chunk " + i)));
        }
        MemoryAllocator textures = core.allocator("Gelände ☃");
        for (int i = 0; i < 2; i++) {
            images.add(textures.allocateImage(ImageRequest.texture2D(64, 64, VK_FORMAT_R8G8B8A8_UNORM,
                    VK_IMAGE_USAGE_SAMPLED_BIT).named("texture " + i)));
        }
        buffers.add(terrain.allocateBuffer(BufferRequest.of(1 << 18, USAGE, MemoryUsage.GPU_ONLY).named("big one")
                .withDedicatedMemory()));
    }

    private MemoryMapFeed.Frame frameWith(int allocations) throws Exception {
        await(() -> WaitForAsyncUtils.asyncFx(() -> {
            MemoryMapFeed.Frame f = model.memoryMapFrameProperty().get();
            Canvas canvas = (Canvas) view.root().lookup("#memoryMapCanvas");
            return f != null && f.layout().map().allocationCount() == allocations
                    && f.layout().width() == (int) canvas.getWidth(); // laid out for the canvas as it is now
        }).get());
        return WaitForAsyncUtils.asyncFx(() -> model.memoryMapFrameProperty().get()).get();
    }

    /** Screen point of the middle of allocation {@code id}'s span. */
    private Point2D pointOf(FxRobot robot, MemoryMapLayout layout, long id) throws Exception {
        MemoryMapLayout.Rect span = layout.spanOf(id).orElseThrow();
        Canvas canvas = robot.lookup("#memoryMapCanvas").queryAs(Canvas.class);
        return WaitForAsyncUtils.asyncFx(() -> canvas.localToScreen(span.x() + span.width() / 2,
                span.y() + 4 + 6)).get();
    }

    @Test
    void showsEveryBlockAndSpanHoverTellsAndClickSelectsBothWays(FxRobot robot) throws Exception {
        allocateKnownSet();
        MemoryMap truth = core.monitor().getMemoryMap();
        openTab(robot, "Memory map");
        MemoryMapLayout layout = frameWith(15).layout();

        assertThat(layout.barCount()).isEqualTo(truth.blocks().size());
        assertThat(truth.blocks()).anyMatch(b -> b.block().dedicated());
        assertThat(layout.legend()).extracting(MemoryMapLayout.LegendEntry::tag).containsExactly("Gelände ☃", "Terrain");
        AllocationInfo chunk = truth.blocks().stream().flatMap(b -> b.allocations().stream())
                .filter(a -> "chunk 5".equals(a.name())).findFirst().orElseThrow();
        AllocationInfo texture = truth.blocks().stream().flatMap(b -> b.allocations().stream())
                .filter(a -> a.kind() == AllocationKind.IMAGE).findFirst().orElseThrow();

        // the canvas draws the Terrain colour where chunk 5 lies
        MemoryMapLayout.Rect span = layout.spanOf(chunk.id()).orElseThrow();
        WritableImage shot = WaitForAsyncUtils.asyncFx(() ->
                robot.lookup("#memoryMapCanvas").queryAs(Canvas.class).snapshot(null, null)).get();
        int drawn = shot.getPixelReader().getArgb((int) (span.x() + span.width() / 2), (int) span.y() + 4 + 4) & 0xffffff;
        assertThat(drawn).isEqualTo(layout.colors().rgb("Terrain"));

        robot.moveTo(pointOf(robot, layout, texture.id()));
        await(() -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#memoryMapHover").queryAs(Label.class).getText()
                .contains(texture.name())).get()); // the robot's path crosses other spans first
        assertThat(robot.lookup("#memoryMapHover").queryAs(Label.class).getText())
                .contains("Gelände ☃").contains(texture.name()).contains("image").contains("age");

        robot.clickOn(pointOf(robot, layout, chunk.id()));
        await(() -> model.selectedAllocationProperty().get() != null
                && model.selectedAllocationProperty().get().id() == chunk.id());
        assertThat(robot.lookup("#memoryMapSelection").queryAs(Label.class).getText()).contains("chunk 5");
        openTab(robot, "Allocations");
        TableView<AllocationRows.Slot> table = robot.lookup("#allocationTable").queryTableView();
        await(() -> table.getItems().size() == 15);
        await(() -> WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().getSelectedItem() != null
                && table.getSelectionModel().getSelectedItem().get().id() == chunk.id()).get());

        // and back: a row selected in the table is the map's selection
        int row = WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).get().id() == texture.id()) {
                    table.getSelectionModel().clearAndSelect(i);
                    return i;
                }
            }
            return -1;
        }).get();
        assertThat(row).isNotNegative();
        openTab(robot, "Memory map");
        assertThat(model.selectedAllocationProperty().get().id()).isEqualTo(texture.id());
        assertThat(robot.lookup("#memoryMapSelection").queryAs(Label.class).getText()).contains(texture.name());
    }

    @Test
    void aDefragmentationShowsTheMapBeforeAndAfterWithTheMovesMarked(FxRobot robot) throws Exception {
        MemoryAllocator terrain = core.allocator("Terrain");
        for (int i = 0; i < 32; i++) {
            buffers.add(terrain.allocateBuffer(BufferRequest.of(1 << 16, USAGE, MemoryUsage.GPU_ONLY).named("c" + i)));
        }
        for (int i = 0; i < 32; i += 2) {
            buffers.get(i).close();
        }
        openTab(robot, "Memory map");
        frameWith(16);
        model.defragment(DefragmentationAlgorithm.FULL).get();
        await(() -> WaitForAsyncUtils.asyncFx(() -> {
            MemoryMapFeed.Frame f = model.memoryMapFrameProperty().get();
            return f != null && f.before() != null;
        }).get());
        MemoryMapFeed.Frame frame = WaitForAsyncUtils.asyncFx(() -> model.memoryMapFrameProperty().get()).get();
        assertThat(frame.moved()).isNotEmpty();
        long id = frame.moved().iterator().next();
        assertThat(frame.before().spanOf(id)).isPresent().isNotEqualTo(frame.layout().spanOf(id));
        assertThat(frame.before().map().allocationCount()).isEqualTo(16);
        assertThat(robot.lookup("#mapBeforeButton").queryAs(javafx.scene.Node.class).isVisible()).isTrue();
        robot.clickOn("#mapBeforeButton");
        robot.clickOn("#mapAfterButton");
    }

    @Test
    void thePictureApiDrawsTheSameColoursAndGaps(FxRobot robot) throws Exception {
        MemoryAllocator terrain = core.allocator("Terrain");
        for (int i = 0; i < 8; i++) {
            buffers.add(terrain.allocateBuffer(BufferRequest.of(1 << 16, USAGE, MemoryUsage.GPU_ONLY).named("c" + i)));
        }
        long gapOffset = buffers.get(3).getOffset();
        long gapBlock = buffers.get(3).getDeviceMemory();
        buffers.get(3).close();
        BufferedImage picture = model.memoryMapPicture(1000).get();
        MemoryMap map = core.monitor().getMemoryMap();
        MemoryMapLayout layout = MemoryMapLayout.of(map, io.memscope.export.TagColors.of(List.of("Terrain")), 1000);
        int top = MemoryMapPng.top(layout);
        AllocationInfo first = map.blocks().get(0).allocations().get(0);
        MemoryMapLayout.Rect span = layout.spanOf(first.id()).orElseThrow();
        assertThat(picture.getRGB((int) (span.x() + span.width() / 2), (int) span.y() + top + 4) & 0xffffff)
                .isEqualTo(io.memscope.export.TagColors.PALETTE.get(0));
        int index = 0;
        while (map.blocks().get(index).block().deviceMemory() != gapBlock) {
            index++;
        }
        MemoryMapLayout.Rect bar = layout.barBounds(index);
        double x = bar.x() + bar.width() * (gapOffset + (1 << 15)) / (double) map.blocks().get(index).block().sizeBytes();
        assertThat(picture.getRGB((int) x, (int) bar.y() + top + 4) & 0xffffff).isEqualTo(MemoryMapDrawing.FREE);
    }

    @Test
    void fragmentationPerPoolAndPerTagSitsBesideTheDevicesFigure(FxRobot robot) throws Exception {
        MemoryAllocator pooled = core.allocator("Pooled");
        assertThat(pooled.setCustomBufferSize(1 << 20)).isTrue();
        for (int i = 0; i < 6; i++) {
            buffers.add(pooled.allocateBuffer(BufferRequest.of(1 << 16, USAGE, MemoryUsage.GPU_ONLY)));
        }
        buffers.get(2).close();
        core.monitor().sampleNow();
        await(() -> WaitForAsyncUtils.asyncFx(() -> model.getFragmentationRows().stream()
                .anyMatch(r -> r.scope().startsWith("pool Pooled"))).get());
        List<String> scopes = WaitForAsyncUtils.asyncFx(() -> model.getFragmentationRows().stream()
                .map(DashboardModel.FragmentationRow::scope).toList()).get();
        assertThat(scopes.get(0)).isEqualTo("device");
        assertThat(scopes).anyMatch(s -> s.startsWith("tag Pooled"));
        DashboardTesting.openTab(robot, "Heaps & tags");
        assertThat(robot.lookup("#fragmentationTable").queryTableView().getItems()).hasSize(scopes.size());
        String tooltip = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#fragmentationLabel").queryAs(Label.class)
                .getTooltip().getText()).get();
        assertThat(tooltip).contains("pool Pooled").contains("tag Pooled").contains("free in");
    }

    @Test
    void noAllocationsIsAnEmptyMapNotAnError(FxRobot robot) throws Exception {
        openTab(robot, "Memory map");
        MemoryMapFeed.Frame frame = frameWith(0);
        assertThat(frame.layout().barCount()).isZero();
        assertThat(robot.lookup("#memoryMapStatus").queryAs(Label.class).getText()).contains("0 blocks");
    }
}
