package io.memscope.ui;

import io.memscope.core.event.AllocationInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TableColumn;
import org.jspecify.annotations.Nullable;

/**
 * The allocation table's rows: the model's live allocations filtered and sorted <em>off</em> the FX thread, shown in
 * row slots whose content changes in place.
 *
 * <p><b>Off the FX thread.</b> A {@code FilteredList} over a {@code SortedList} redoes O(n) work (O(n log n) when
 * sorted) on the FX thread for every refresh, 7–13 ms for 100 k allocations on the dev machine; here the FX thread
 * only copies the source (O(n) array copy) and hands the finished rows to the slots. A new source, filter or sort
 * order while a pass runs is coalesced into one more pass.
 *
 * <p><b>Slots, filled a few rows per frame.</b> The table's items are slots (one per row, each holding the allocation
 * it shows), not the allocations: a pass sets the slots' values instead of replacing the table's items, so the table
 * never reconfigures its cells, and only cells whose allocation changed are laid out and repainted. Slots outside the
 * rows on screen are set at once (no cell listens to them: a field write each); the rows on screen are set
 * {@value #ROWS_PER_FRAME} per frame ({@link #frame(long)}), because redrawing a whole screen of changed rows at once took
 * one 30+ ms frame per refresh in software rendering (every row changes when churn shifts them), and more than 12
 * changed rows in one frame make JavaFX repaint the whole table instead of the rows (its dirty-children threshold).
 * The last of them is shown about six frames after the pass lands.
 *
 * <p>A long list (from {@value #PAD_FROM} rows) keeps its length from refresh to refresh where it can: it is padded with
 * empty slots at its end (at most {@value #PAD_STEP} × 2, drawn as empty rows), because a table whose row count
 * changes lays its whole visible part out again. {@link #count()} is the real number of rows.
 *
 * <p>FX thread only, except the pass itself, which runs on the rows' own thread. Memory: two lists of the live
 * allocations' references and one slot per row.
 */
final class AllocationRows {
    /** Lists at least this long are padded to a stable length. */
    static final int PAD_FROM = 10_000;
    /** The padding's step: the length is a multiple of it and changes only when the rows leave a 2-step band. */
    static final int PAD_STEP = 1024;
    /** Rows on screen given their new allocation per frame. */
    static final int ROWS_PER_FRAME = 5;

    private final ObservableList<AllocationInfo> source;
    private final ObservableList<Slot> slots = FXCollections.observableArrayList();
    private final javafx.beans.property.ReadOnlyIntegerWrapper count = new javafx.beans.property.ReadOnlyIntegerWrapper();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "memscope-allocation-rows");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private boolean again;
    private @Nullable Predicate<AllocationInfo> filter;
    private @Nullable Comparator<AllocationInfo> order;
    private Supplier<int @Nullable []> onScreen = () -> null;
    private Runnable landed = () -> { };
    /** The pass whose rows on screen are still being shown, from {@link #nextOnScreen} to {@link #lastOnScreen}. */
    private @Nullable List<@Nullable AllocationInfo> landing;
    private int nextOnScreen;
    private int lastOnScreen;
    /** The wall-clock second the ages on screen are being brought to, and the next and last row of that sweep. */
    private long clockSecond;
    private int nextAge = -1;
    private int lastAge;

    /**
     * One row of the table: the allocation it shows ({@code null}: padding) and the wall-clock second its age is shown
     * at (ages are refreshed a few rows per frame too, once a second, instead of every age cell at once).
     */
    static final class Slot extends SimpleObjectProperty<@Nullable AllocationInfo> {
        private final LongProperty shownAt = new SimpleLongProperty();

        /** The second (epoch) the row's age is counted to. */
        long shownAt() {
            return shownAt.get();
        }
    }

    AllocationRows(ObservableList<AllocationInfo> source) {
        this.source = source;
        source.addListener((ListChangeListener<AllocationInfo>) c -> refresh());
        refresh();
    }

    /** A column of each row's age in whole seconds, counted to the second its slot was last brought to. */
    static TableColumn<Slot, Long> ageColumn(String name) {
        TableColumn<Slot, Long> column = new TableColumn<>(name);
        column.setCellValueFactory(cell -> Bindings.createObjectBinding(() -> {
            Slot slot = cell.getValue();
            AllocationInfo a = slot.get();
            return a == null ? null : (slot.shownAt.get() * 1000 - a.createdEpochMillis()) / 1000;
        }, cell.getValue(), cell.getValue().shownAt));
        return column;
    }

    /** The table's items: one slot per row, holding the allocation it shows ({@code null}: a padding row). */
    ObservableList<Slot> rows() {
        return slots;
    }

    /** The allocation row {@code index} shows; null for padding or past the end. */
    @Nullable AllocationInfo allocationAt(int index) {
        return index >= 0 && index < slots.size() ? slots.get(index).get() : null;
    }

    /** How many rows are allocations (the rest is padding). */
    javafx.beans.property.ReadOnlyIntegerProperty count() {
        return count.getReadOnlyProperty();
    }

    /**
     * Where the rows on screen are: {@code screen} answers the first and last row index shown, or null when the table is
     * not on screen (then a pass fills every slot at once).
     */
    void showOnScreen(Supplier<int @Nullable []> screen) {
        this.onScreen = screen;
    }

    /** Runs after every pass is shown in full (e.g. to select a row again by its allocation). */
    void onLanded(Runnable action) {
        this.landed = action;
    }

    /** The length {@code n} rows are shown in, given the length {@code now}: {@code n} itself for short lists. */
    static int paddedLength(int n, int now) {
        if (n < PAD_FROM) {
            return n;
        }
        if (n <= now && n > now - 2 * PAD_STEP) {
            return now; // still inside the band: keep the length
        }
        return (n / PAD_STEP + 1) * PAD_STEP + PAD_STEP / 2; // room to grow and to shrink before the next change
    }

    /** Keeps only allocations {@code predicate} accepts (null: all). */
    void setFilter(@Nullable Predicate<AllocationInfo> predicate) {
        filter = predicate;
        refresh();
    }

    /** Sorts by {@code comparator} (null: the source's order, by id). */
    void setOrder(@Nullable Comparator<AllocationInfo> comparator) {
        order = comparator;
        refresh();
    }

    /**
     * Once per frame (FX thread): shows the next rows on screen of a pass that landed, and, once {@code nowSecond}
     * moved on, brings the ages on screen to it, {@value #ROWS_PER_FRAME} rows a frame. O({@value #ROWS_PER_FRAME}).
     */
    void frame(long nowSecond) {
        if (nowSecond != clockSecond) {
            clockSecond = nowSecond;
            int[] screen = onScreen.get();
            nextAge = screen == null ? -1 : Math.max(0, screen[0]);
            lastAge = screen == null ? -1 : Math.min(slots.size() - 1, screen[1]);
        }
        List<@Nullable AllocationInfo> rows = landing;
        if (rows != null) {
            int end = Math.min(lastOnScreen + 1, nextOnScreen + ROWS_PER_FRAME);
            for (int i = nextOnScreen; i < end; i++) {
                show(i, rows.get(i));
            }
            nextOnScreen = end;
            if (nextOnScreen > lastOnScreen) {
                landing = null;
                passDone();
            }
            return; // one batch of rows a frame
        }
        if (nextAge >= 0) {
            int last = Math.min(lastAge, slots.size() - 1); // a pass may have shortened the rows since the sweep began
            int end = Math.min(last + 1, nextAge + ROWS_PER_FRAME);
            for (int i = nextAge; i < end; i++) {
                slots.get(i).shownAt.set(clockSecond);
            }
            nextAge = end > last ? -1 : end;
        }
    }

    private void show(int row, @Nullable AllocationInfo allocation) {
        Slot slot = slots.get(row);
        slot.set(allocation);
        slot.shownAt.set(clockSecond);
    }

    private void refresh() {
        if (!running.compareAndSet(false, true)) {
            again = true; // one more pass when this one is shown
            return;
        }
        again = false;
        Object[] copy = source.toArray();
        Predicate<AllocationInfo> keep = filter;
        Comparator<AllocationInfo> by = order;
        worker.execute(() -> {
            List<@Nullable AllocationInfo> result = new ArrayList<>(copy.length);
            for (Object o : copy) {
                AllocationInfo a = (AllocationInfo) o;
                if (keep == null || keep.test(a)) {
                    result.add(a);
                }
            }
            if (by != null) {
                result.sort(by);
            }
            Platform.runLater(() -> land(result)); // one hand-over per pass, at most one pass at a time
        });
    }

    /** FX thread: the pass's rows go into the slots; those on screen follow in {@link #frame(long)}s. */
    private void land(List<@Nullable AllocationInfo> result) {
        int real = result.size();
        for (int length = paddedLength(real, slots.size()); result.size() < length; ) {
            result.add(null);
        }
        resize(result.size());
        count.set(real);
        int[] screen = onScreen.get();
        int first = screen == null ? 0 : Math.max(0, screen[0]);
        int last = screen == null ? -1 : Math.min(result.size() - 1, screen[1]);
        for (int i = 0; i < result.size(); i++) {
            if (i < first || i > last) {
                show(i, result.get(i));
            }
        }
        if (first > last) {
            passDone();
            return;
        }
        landing = result;
        nextOnScreen = first;
        lastOnScreen = last;
        frame(clockSecond);
    }

    private void resize(int length) {
        if (slots.size() > length) {
            slots.remove(length, slots.size());
        } else if (slots.size() < length) {
            List<Slot> more = new ArrayList<>(length - slots.size());
            for (int i = slots.size(); i < length; i++) {
                more.add(new Slot());
            }
            slots.addAll(more);
        }
    }

    private void passDone() {
        running.set(false);
        landed.run();
        if (again) {
            refresh();
        }
    }

    /** Stops the rows' thread. */
    void close() {
        worker.shutdownNow();
    }
}
