package io.memscope.ui;

import static io.memscope.ui.DashboardTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.fair_acc.chartfx.XYChart;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A click on a history chart shows the figures and the events of that second. */
@ExtendWith(ApplicationExtension.class)
class HistoryClickUiTest {
    private AllocatorCore core;
    private DashboardModel model;
    private DashboardView view;
    private final List<BufferAllocation> buffers = new ArrayList<>();

    @Start
    void start(Stage stage) {
        core = DashboardTesting.coreWithoutSampler(AllocatorOptions.defaults());
        model = DashboardTesting.model(core.monitor());
        view = DashboardTesting.show(stage, model);
    }

    @AfterEach
    void tearDown() {
        DashboardTesting.stop(view, model);
        buffers.forEach(BufferAllocation::close);
        core.close();
    }

    @Test
    void clickingAChartShowsThatSecondsFiguresAndEvents(FxRobot robot) throws Exception {
        MemoryAllocator terrain = core.allocator("Terrain");
        for (int i = 0; i < 8; i++) {
            buffers.add(terrain.allocateBuffer(BufferRequest.of(1 << 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).named("chunk " + i)));
        }
        for (int i = 0; i < 3; i++) {
            core.monitor().sampleNow();
        }
        await(() -> model.historySampleCount() >= 3);
        AllocationInfo first = core.monitor().getLiveAllocations().get(0);
        String second = model.describeSecond(first.createdEpochMillis() / 1000.0);
        assertThat(second).contains("Figures at").contains("created").contains("Terrain · chunk");

        // a click in the middle of the first chart's plot area
        Node chart = robot.lookup(".chart").queryAll().stream().filter(XYChart.class::isInstance).findFirst()
                .orElseThrow();
        Node canvas = ((XYChart) chart).getCanvas();
        Bounds bounds = WaitForAsyncUtils.asyncFx(() -> canvas.localToScreen(canvas.getBoundsInLocal())).get();
        robot.clickOn(bounds.getCenterX(), bounds.getCenterY());
        TextArea details = robot.lookup("#secondDetails").queryAs(TextArea.class);
        await(() -> WaitForAsyncUtils.asyncFx(() -> details.getText().contains("(the second clicked)")).get());
        assertThat(details.getText()).contains("Figures").contains("Events");
    }
}
