package io.memscope.ui;

import static io.memscope.ui.DashboardTesting.await;
import static io.memscope.ui.DashboardTesting.openTab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.event.StatsSampled;
import io.memscope.export.capture.CaptureMonitor;
import io.memscope.export.capture.CaptureReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
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
 * The dashboard (headless JavaFX on Monocle) opened on a capture recorded in the test on the real device: the
 * timeline's slider moves the moment and the figures and the allocation table follow; live-engine controls are off.
 */
@ExtendWith(ApplicationExtension.class)
class CaptureDashboardUiTest {
    private static Path file;
    private static final String TAG = "Opened";

    private CaptureMonitor monitor;
    private DashboardModel model;
    private DashboardView view;
    private Scene scene;

    @BeforeAll
    static void record() throws Exception {
        file = Files.createTempDirectory("memscope-open").resolve("dashboard.jfr");
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator(TAG);
            core.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> live = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10 + 10 * round; i++) {
                    live.add(allocator.allocateBuffer(BufferRequest.of(4096L * (i + 1), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                            MemoryUsage.GPU_ONLY).named("r" + round + "-" + i)));
                }
                live.remove(0).close();
                core.monitor().sampleNow();
                pause();
                core.monitor().takeSnapshot("round " + round);
                pause();
            }
            core.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(20); // distinct timestamps around each snapshot
    }

    @Start
    void start(Stage stage) {
        CaptureReader reader = CaptureReader.open(file);
        int core = reader.cores().stream().filter(c -> reader.events(c.coreId()).stream()
                .anyMatch(e -> e.tag().equals(TAG))).findFirst().orElseThrow().coreId();
        monitor = new CaptureMonitor(reader, core, file);
        model = DashboardTesting.model(monitor);
        view = DashboardTesting.show(stage, model);
        scene = stage.getScene();
    }

    @AfterEach
    void tearDown() {
        DashboardTesting.stop(view, model);
        monitor.close();
    }

    private double secondsOf(CaptureMonitor.SnapshotMark mark) {
        return Duration.between(monitor.start(), mark.at()).toNanos() / 1e9;
    }

    private long samplesUpTo(CaptureMonitor.SnapshotMark mark) {
        return monitor.reader().events(monitor.coreId()).stream().filter(StatsSampled.class::isInstance)
                .filter(e -> !monitor.reader().timeOf(monitor.coreId(), e).isAfter(mark.at())).count();
    }

    @Test
    void theSliderMovesTheMomentAndFiguresTableAndChartsFollow(FxRobot robot) throws Exception {
        List<CaptureMonitor.SnapshotMark> marks = monitor.snapshotMarks();
        assertThat(marks).hasSize(3);
        Slider slider = robot.lookup("#timelineSlider").queryAs(Slider.class);
        assertThat(robot.lookup("#lossLabel").queryAs(Label.class).getText()).isEqualTo("nothing lost");
        assertThat(robot.lookup("#timelineMarks").queryParent().getChildrenUnmodifiable()).hasSize(3);
        openTab(robot, "Allocations");
        for (int i : List.of(1, 0, 2, 0)) { // forwards and backwards
            CaptureMonitor.SnapshotMark mark = marks.get(i);
            int count = mark.snapshot().allocations().size();
            robot.interact(() -> slider.setValue(secondsOf(mark)));
            await(() -> mark.at().equals(model.momentProperty().get()) || Math.abs(
                    Duration.between(mark.at(), model.momentProperty().get()).toNanos()) < 1000);
            await(() -> robot.lookup("#countLabel").queryAs(Label.class).getText().equals("Allocations " + count));
            await(() -> robot.lookup("#allocationTable").queryTableView().getItems().size() == count);
            assertThat(WaitForAsyncUtils.asyncFx(() -> List.copyOf(model.getLiveAllocations())).get()) // FX list
                    .isEqualTo(mark.snapshot().allocations());
            assertThat(model.captureMomentMap().blocks()).as("the map draws the blocks the capture recorded")
                    .isNotEmpty().allMatch(b -> b.block().sizeKnown())
                    .isEqualTo(monitor.getMemoryMap().blocks());
            assertThat(model.captureMomentMap().allocationCount()).isEqualTo(count);
            assertThat(robot.lookup("#usedLabel").queryAs(Label.class).getText())
                    .isEqualTo("Used " + io.memscope.export.Formats.bytes(mark.snapshot().stats().usedBytes()));
            long samples = samplesUpTo(mark);
            await(() -> model.historySampleCount() == samples);
            assertThat(WaitForAsyncUtils.asyncFx(() -> List.copyOf(model.getTags())).get()).anySatisfy(t -> {
                assertThat(t.tag()).isEqualTo(TAG);
                assertThat(t.allocationCount()).isEqualTo(count);
            });
        }
        assertThat(robot.lookup("#timelineLabel").queryAs(Label.class).getText()).contains(" s of ");
    }

    @Test
    void liveEngineControlsAreDisabledAndTwoMomentsCompare(FxRobot robot) throws Exception {
        openTab(robot, "Snapshots");
        assertThat(robot.lookup("#snapshotButton").queryButton().isDisabled()).isTrue();
        await(() -> model.getSnapshots().size() == 3);
        openTab(robot, "Defragmentation");
        assertThat(robot.lookup("#defragmentButton").queryButton().isDisabled()).isTrue();
        openTab(robot, "Warnings");
        assertThat(robot.lookup("#applyThresholds").queryButton().isDisabled()).isTrue();
        openTab(robot, "Report");
        assertThat(robot.lookup("#jsonButton").queryButton().isDisabled()).isTrue();

        List<CaptureMonitor.SnapshotMark> marks = monitor.snapshotMarks();
        Slider slider = robot.lookup("#timelineSlider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(secondsOf(marks.get(0))));
        await(() -> model.allocationCountProperty().get() == marks.get(0).snapshot().allocations().size());
        robot.clickOn("#momentAButton");
        Button compare = robot.lookup("#compareMomentsButton").queryButton();
        await(() -> !compare.isDisabled());
        robot.interact(() -> slider.setValue(secondsOf(marks.get(2))));
        await(() -> model.allocationCountProperty().get() == marks.get(2).snapshot().allocations().size());
        robot.clickOn("#compareMomentsButton");
        await(() -> robot.lookup("#comparisonText").tryQuery().isPresent()
                && robot.lookup("#comparisonText").queryTextInputControl().getText().contains("allocations added"));
        String text = robot.lookup("#comparisonText").queryTextInputControl().getText();
        int a = marks.get(0).snapshot().allocations().size();
        int b = marks.get(2).snapshot().allocations().size();
        assertThat(text).containsPattern("Allocations\\s+" + a + "\\s+" + b + "\\s+\\+" + (b - a));
        WaitForAsyncUtils.waitForFxEvents();
        Path png = WaitForAsyncUtils.asyncFx(() -> Screenshots.write(scene,
                Path.of("target/screenshots/capture-dashboard-headless.png"))).get();
        assertThat(png).exists().isNotEmptyFile();
    }
}
