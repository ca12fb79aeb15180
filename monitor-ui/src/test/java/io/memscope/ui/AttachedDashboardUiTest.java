package io.memscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.ChildJvm;
import io.memscope.export.CsvExport;
import io.memscope.remote.RemoteMemoryMonitor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The unchanged dashboard (headless JavaFX on Monocle) attached to another JVM: a real child process allocating on
 * the real Vulkan device, reached through the Attach API, its MXBean and its memscope JFR events. Figures and the
 * allocation table follow the child, the snapshot button acts in the child, and when the child is killed the
 * dashboard says so and keeps what it had.
 */
@ExtendWith(ApplicationExtension.class)
class AttachedDashboardUiTest {
    private Process child;
    private BufferedReader childOut;
    private PrintWriter childIn;
    private RemoteMemoryMonitor remote;
    private DashboardModel model;
    private DashboardView view;

    @Start
    void start(Stage stage) throws Exception {
        child = ChildJvm.start(AttachTarget.class, List.of(), Map.of());
        childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        childIn = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(answer("ready")).isEqualTo("ready");
        remote = RemoteMemoryMonitor.attach(child.pid());
        model = DashboardTesting.model(remote);
        view = new DashboardView(model);
        stage.setScene(new Scene((javafx.scene.Parent) view.root(), 1200, 800));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        DashboardTesting.stop(view, model);
        remote.close();
        child.destroyForcibly();
    }

    /** Sends {@code command} (null: none) and returns the child's next line that starts with {@code prefix}. */
    private String answer(String prefix) throws Exception {
        for (String line; (line = childOut.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child ended before printing '" + prefix + "'");
    }

    private String ask(String command, String prefix) throws Exception {
        childIn.println(command);
        return answer(prefix);
    }

    private static void await(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
    }

    private static String text(FxRobot robot, String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(id).queryAs(Label.class).getText()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void followsTheChildActsInItAndKeepsItsHistoryWhenItIsKilled(FxRobot robot, @TempDir Path dir) throws Exception {
        long pid = child.pid();
        await(() -> text(robot, "#connectionBanner").startsWith("Attached to pid " + pid + " · live since"));

        assertThat(ask("alloc 8", "live")).isEqualTo("live 8");
        await(() -> text(robot, "#countLabel").equals("Allocations 8"));
        robot.clickOn(robot.lookup(".tab-header-area .tab-label").match(LabeledMatchers.hasText("Allocations"))
                .queryLabeled());
        await(() -> robot.lookup("#allocationTable").queryTableView().getItems().size() == 8);

        robot.clickOn(robot.lookup(".tab-header-area .tab-label").match(LabeledMatchers.hasText("Snapshots"))
                .queryLabeled());
        int before = Integer.parseInt(ask("snapshots", "snapshots").substring("snapshots ".length()));
        robot.clickOn("#snapshotDescription").write("from the attached dashboard");
        robot.clickOn("#snapshotButton");
        // the list belongs to the FX thread: read it there (iterating it here raced its updates)
        await(() -> WaitForAsyncUtils.asyncFx(() -> model.getSnapshots().stream()
                .anyMatch(s -> s.description().equals("from the attached dashboard"))).get());
        assertThat(ask("snapshots", "snapshots")).as("the snapshot was taken in the child").isEqualTo("snapshots " + (before + 1));

        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await(() -> text(robot, "#connectionBanner").startsWith("Disconnected from pid " + pid + " at "));
        assertThat(text(robot, "#connectionBanner")).contains("history kept");
        assertThat(text(robot, "#countLabel")).isEqualTo("Allocations 8");
        assertThat(model.getLiveAllocations()).hasSize(8);
        assertThat(model.historySampleCount()).isPositive();
        // what it received can still be exported
        Path csv = dir.resolve("allocations.csv");
        CsvExport.writeAllocations(remote.getLiveAllocations(), csv);
        assertThat(Files.readAllLines(csv)).hasSize(9);
    }
}
