package io.memscope.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/** What the dashboard's TestFX tests share: the window, waiting for a condition, opening a tab. */
final class DashboardTesting {
    private DashboardTesting() {
    }

    /** The dashboard of {@code model} in {@code stage}, 1200×800 (within Monocle's 1280×800 screen), shown. */
    static DashboardView show(Stage stage, DashboardModel model) {
        DashboardView view = new DashboardView(model);
        stage.setScene(new Scene((Parent) view.root(), 1200, 800));
        stage.show();
        return view;
    }

    /**
     * A core on the test device whose monitor does not sample on its own (tests sample when they want figures), with
     * {@code options} for the rest.
     */
    static io.memscope.core.AllocatorCore coreWithoutSampler(io.memscope.core.AllocatorOptions options) {
        return io.memscope.core.AllocatorCore.create(io.memscope.core.TestDevice.context(), options.withMonitor(
                io.memscope.core.MonitorOptions.defaults().withSampleInterval(java.time.Duration.ZERO)));
    }

    /** The dashboard's model of {@code monitor} with the dashboard's defaults: 10 minutes of history at 100 ms. */
    static DashboardModel model(io.memscope.core.MemoryMonitor monitor) {
        return new DashboardModel(monitor, java.time.Duration.ofMinutes(10), java.time.Duration.ofMillis(100));
    }

    /** Stops {@code view} on the FX thread and closes {@code model}: a test's teardown. */
    static void stop(DashboardView view, DashboardModel model) {
        WaitForAsyncUtils.asyncFx(view::stop);
        model.close();
    }

    /** Waits up to 30 s for {@code condition}. */
    static void await(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    }

    /** Clicks the tab header itself (other controls may carry the same text). */
    static void openTab(FxRobot robot, String name) {
        robot.clickOn(robot.lookup(".tab-header-area .tab-label").match(LabeledMatchers.hasText(name)).queryLabeled());
    }
}
