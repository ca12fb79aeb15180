package io.memscope.ui;

import java.util.List;
import javafx.collections.ObservableListBase;

/**
 * A read-only observable list whose whole content is swapped for another list in O(1) plus one change event (a
 * replace of everything), instead of {@code setAll}'s element-by-element copy and its removed-elements copy: for
 * the allocation table's 100 k rows refreshed every second.
 *
 * <p>FX thread only (the list it holds must not change afterwards). Mutators throw
 * {@link UnsupportedOperationException}.
 *
 * @param <E> element type (nulls allowed)
 */
final class SwappedList<E> extends ObservableListBase<E> {
    private List<E> content = List.of();

    /** Shows {@code next} from now on; fires one change: everything replaced. O(1) plus the listeners. */
    void swap(List<E> next) {
        List<E> previous = content;
        content = next;
        beginChange();
        if (!previous.isEmpty()) {
            nextRemove(0, previous);
        }
        if (!next.isEmpty()) {
            nextAdd(0, next.size());
        }
        endChange();
    }

    @Override
    public E get(int index) {
        return content.get(index);
    }

    @Override
    public int size() {
        return content.size();
    }
}
