package io.memscope.ui;

import io.memscope.core.event.AllocationInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The allocation table's rows: the model's live allocations filtered and sorted <em>off</em> the FX thread. A
 * {@code FilteredList} over a {@code SortedList} redoes O(n) work (O(n log n) when sorted) on the FX thread for every
 * refresh, 7–13 ms for 100 k allocations on the dev machine; here the FX thread only copies the source (O(n) array
 * copy) and swaps the finished rows in with one {@code setAll}. A new source, filter or sort order while a pass runs
 * is coalesced into one more pass.
 *
 * <p>A long list (from {@value #PAD_FROM} rows) keeps its length from refresh to refresh where it can: it is padded with
 * {@code null} rows at its end (at most {@value #PAD_STEP} × 2, drawn as empty rows), because a table whose row count
 * changes lays its whole visible part out twice and repaints it twice ({@code VirtualFlow}'s cell count setter runs a
 * layout at once), which made every refresh of 100 k churning allocations a 32 ms frame in software rendering.
 * {@link #count()} is the real number of rows.
 *
 * <p>FX thread only, except the pass itself, which runs on the rows' own thread. Memory: two lists of the live
 * allocations' references.
 */
final class AllocationRows {
    /** Lists at least this long are padded to a stable length. */
    static final int PAD_FROM = 10_000;
    /** The padding's step: the length is a multiple of it and changes only when the rows leave a 2-step band. */
    static final int PAD_STEP = 1024;

    private final ObservableList<AllocationInfo> source;
    private final SwappedList<@Nullable AllocationInfo> rows = new SwappedList<>();
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

    AllocationRows(ObservableList<AllocationInfo> source) {
        this.source = source;
        source.addListener((ListChangeListener<AllocationInfo>) c -> refresh());
        refresh();
    }

    /** The rows to show: filtered and sorted, then {@code null}s (a long list's padding); replaced after each pass. */
    ObservableList<@Nullable AllocationInfo> rows() {
        return rows;
    }

    /** How many of {@link #rows()} are allocations (the rest is padding). */
    javafx.beans.property.ReadOnlyIntegerProperty count() {
        return count.getReadOnlyProperty();
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

    private void refresh() {
        if (!running.compareAndSet(false, true)) {
            again = true; // one more pass when this one lands
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
            int real = result.size();
            Platform.runLater(() -> { // one hand-over per pass, at most one pass at a time
                for (int length = paddedLength(real, rows.size()); result.size() < length; ) {
                    result.add(null);
                }
                count.set(real);
                rows.swap(result);
                running.set(false);
                if (again) {
                    refresh();
                }
            });
        });
    }

    /** Stops the rows' thread. */
    void close() {
        worker.shutdownNow();
    }
}
