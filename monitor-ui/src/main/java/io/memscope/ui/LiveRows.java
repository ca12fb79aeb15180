package io.memscope.ui;

import java.util.List;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.TableColumn;

/**
 * The rows of a small table of figures that change several times a second (heaps, tags, fragmentation scopes), as
 * stable row objects whose values change in place. Given the model's list itself, a table rebuilds every cell each
 * time the list is replaced (every sample), and the repaint of the whole table that follows took 20+ ms of software
 * rendering per sample at 100 k events/s; with these rows a cell is updated, and repainted, only when its own value
 * changed. Rows are added or removed only when the model's list grows or shrinks.
 *
 * <p>FX thread only (the model's lists change on it). Cost per model change: one comparison per row.
 *
 * @param <T> the model's row type (a record: rows are compared with {@code equals})
 */
final class LiveRows<T> {
    private final ObservableList<ObjectProperty<T>> rows = FXCollections.observableArrayList();

    /** Rows that follow {@code source} from now on. */
    LiveRows(ObservableList<T> source) {
        source.addListener((InvalidationListener) o -> follow(source));
        follow(source);
    }

    /** The rows, for a {@code TableView}'s items; each row's value is the model's row at its index. */
    ObservableList<ObjectProperty<T>> rows() {
        return rows;
    }

    private void follow(List<T> values) {
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            if (i < rows.size()) {
                if (!value.equals(rows.get(i).get())) {
                    rows.get(i).set(value);
                }
            } else {
                rows.add(new SimpleObjectProperty<>(value));
            }
        }
        if (rows.size() > values.size()) {
            rows.remove(values.size(), rows.size());
        }
    }

    /**
     * A column showing {@code value} of each row's current value (nothing for a null value); its cells change when
     * that value does. For these rows and for any other observable row, such as the allocation table's slots.
     */
    static <R extends ObservableValue<T>, T, V> TableColumn<R, V> column(String name, Function<T, V> value) {
        TableColumn<R, V> column = new TableColumn<>(name);
        column.setCellValueFactory(cell -> cell.getValue().map(value));
        return column;
    }
}
