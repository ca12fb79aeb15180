package io.memscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The allocation table's rows: a pass fills the slots off screen at once and those on screen a few per frame, keeps a
 * long list's length stable with padding, and filters and sorts off the FX thread.
 */
@ExtendWith(ApplicationExtension.class) // the FX toolkit as the UI tests start it (their order must not matter)
class AllocationRowsTest {
    private final AtomicInteger landed = new AtomicInteger();

    @Start
    void start(Stage stage) {
        // no window: the rows are tested without a table (the table's side is DashboardUiTest's)
    }

    @Test
    void theRowsOnScreenChangeAFewPerFrameAndTheOthersAtOnce() throws Exception {
        ObservableList<AllocationInfo> source = FXCollections.observableArrayList(allocations(0, 100));
        AllocationRows rows = fx(() -> rows(source, null));
        DashboardTesting.await(() -> landed.get() == 1);
        assertThat(fx(() -> ids(rows, 0, 100))).as("not on screen: every slot at once").isEqualTo(range(0, 100));

        onFx(() -> {
            rows.showOnScreen(() -> new int[] {20, 44});
            source.setAll(allocations(10, 110)); // the oldest ten freed, ten new: every row shifts by ten
        });
        DashboardTesting.await(() -> fx(() -> rows.allocationAt(0).id() == 10));
        assertThat(fx(() -> ids(rows, 0, 20))).as("above the screen: at once").isEqualTo(range(10, 30));
        assertThat(fx(() -> ids(rows, 45, 100))).as("below the screen: at once").isEqualTo(range(55, 110));
        int perFrame = AllocationRows.ROWS_PER_FRAME;
        assertThat(fx(() -> ids(rows, 20, 20 + perFrame))).as("the first frame's rows on screen")
                .isEqualTo(range(30, 30 + perFrame));
        assertThat(fx(() -> ids(rows, 20 + perFrame, 45))).as("the rest of the screen: not yet")
                .isEqualTo(range(20 + perFrame, 45));
        assertThat(landed.get()).isEqualTo(1);

        int frames = (25 + perFrame - 1) / perFrame; // rows 20..44 on screen
        for (int frame = 2; frame <= frames; frame++) {
            onFx(() -> rows.frame(0));
            int shown = Math.min(25, frame * perFrame);
            assertThat(fx(() -> ids(rows, 20, 20 + shown))).isEqualTo(range(30, 30 + shown));
            assertThat(fx(() -> ids(rows, 20 + shown, 45))).as("still the last pass's")
                    .isEqualTo(range(20 + shown, 45));
            assertThat(landed.get()).as("shown in full after frame %d of %d", frame, frames)
                    .isEqualTo(frame == frames ? 2 : 1);
        }
        assertThat(fx(() -> ids(rows, 0, 100))).isEqualTo(range(10, 110));
        onFx(() -> rows.frame(0)); // nothing left to show: no change
        assertThat(landed.get()).isEqualTo(2);

        // a new second: the ages on screen follow it a few rows a frame, the rows off screen keep theirs
        onFx(() -> rows.frame(5));
        assertThat(fx(() -> shownAt(rows, 20, 20 + perFrame))).containsOnly(5L);
        assertThat(fx(() -> shownAt(rows, 20 + perFrame, 45))).containsOnly(0L);
        for (int frame = 2; frame <= frames; frame++) {
            onFx(() -> rows.frame(5));
        }
        assertThat(fx(() -> shownAt(rows, 20, 45))).containsOnly(5L);
        assertThat(fx(() -> shownAt(rows, 0, 20))).containsOnly(0L);
        assertThat(fx(() -> shownAt(rows, 45, 100))).containsOnly(0L);
        rows.close();
    }

    private static List<Long> shownAt(AllocationRows rows, int from, int to) {
        List<Long> seconds = new ArrayList<>();
        for (int i = from; i < to; i++) {
            seconds.add(rows.rows().get(i).shownAt());
        }
        return seconds;
    }

    @Test
    void anAgeSweepOverRowsThatAPassRemovedStopsAtTheLastRow() throws Exception {
        ObservableList<AllocationInfo> source = FXCollections.observableArrayList(allocations(0, 100));
        AllocationRows rows = fx(() -> rows(source, null));
        DashboardTesting.await(() -> landed.get() == 1);
        onFx(() -> {
            rows.showOnScreen(() -> new int[] {20, 44});
            rows.frame(7); // a new second: the sweep over rows 20..44 begins
            source.setAll(allocations(0, 22)); // and a pass shortens the rows to 22 before it ends
        });
        DashboardTesting.await(() -> landed.get() == 2 || fx(() -> {
            rows.frame(7); // the pass lands in a few frames; the sweep goes on after it
            return false;
        }));
        for (int frame = 0; frame < 10; frame++) {
            onFx(() -> rows.frame(7)); // must not reach past the 22 rows there are now
        }
        assertThat(fx(() -> shownAt(rows, 20, 22))).containsOnly(7L);
        assertThat(fx(() -> rows.rows().size())).isEqualTo(22);
        rows.close();
    }

    @Test
    void aLongListKeepsItsLengthAndCountsOnlyAllocations() throws Exception {
        int n = AllocationRows.PAD_FROM + 10;
        ObservableList<AllocationInfo> source = FXCollections.observableArrayList(allocations(0, n));
        AllocationRows rows = fx(() -> rows(source, null));
        DashboardTesting.await(() -> landed.get() == 1);
        int length = fx(() -> rows.rows().size());
        assertThat(length).isEqualTo(AllocationRows.paddedLength(n, 0)).isGreaterThan(n);
        assertThat(fx(() -> rows.count().get())).isEqualTo(n);
        assertThat(fx(() -> rows.allocationAt(n))).as("padding").isNull();
        assertThat(fx(() -> rows.allocationAt(length))).as("past the end").isNull();

        onFx(() -> source.remove(0, 5));
        DashboardTesting.await(() -> landed.get() == 2);
        assertThat(fx(() -> rows.rows().size())).as("inside the band: the same length").isEqualTo(length);
        assertThat(fx(() -> rows.count().get())).isEqualTo(n - 5);
        rows.close();
    }

    @Test
    void filterAndOrderApplyToEveryRow() throws Exception {
        ObservableList<AllocationInfo> source = FXCollections.observableArrayList(allocations(0, 50));
        AllocationRows rows = fx(() -> rows(source, null));
        DashboardTesting.await(() -> landed.get() == 1);
        onFx(() -> rows.setFilter(a -> a.id() % 2 == 0));
        DashboardTesting.await(() -> landed.get() >= 2 && fx(() -> rows.count().get()) == 25);
        onFx(() -> rows.setOrder(Comparator.comparingLong(AllocationInfo::id).reversed()));
        DashboardTesting.await(() -> fx(() -> rows.allocationAt(0).id()) == 48);
        List<Long> expected = new ArrayList<>();
        for (long id = 48; id >= 0; id -= 2) {
            expected.add(id);
        }
        assertThat(fx(() -> ids(rows, 0, 25))).isEqualTo(expected);
        rows.close();
    }

    private AllocationRows rows(ObservableList<AllocationInfo> source, int[] screen) {
        AllocationRows rows = new AllocationRows(source);
        rows.onLanded(landed::incrementAndGet);
        rows.showOnScreen(() -> screen);
        return rows;
    }

    private static List<Long> ids(AllocationRows rows, int from, int to) {
        List<Long> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(rows.allocationAt(i).id());
        }
        return ids;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private static List<AllocationInfo> allocations(long from, long to) {
        return LongStream.range(from, to).mapToObj(id -> new AllocationInfo(id, "T", AllocationKind.BUFFER, null, 256,
                256, MemoryUsage.GPU_ONLY, 0, 0, 1, id * 256, id, 0)).toList();
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get();
    }

    private static void onFx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get();
    }
}
