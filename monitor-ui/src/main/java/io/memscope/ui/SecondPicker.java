package io.memscope.ui;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.ChartPlugin;
import java.util.function.DoubleConsumer;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/**
 * A ChartFX plugin for the history charts: a primary click that did not drag (a drag zooms) inside the plot area
 * reports the time under the mouse, in the time axis' unit (seconds since the epoch).
 *
 * <p>FX thread only. Cost: O(1) per click.
 */
final class SecondPicker extends ChartPlugin {
    SecondPicker(DoubleConsumer onTime) {
        registerInputEventHandler(MouseEvent.MOUSE_CLICKED, event -> {
            if (event.getButton() == MouseButton.PRIMARY && event.isStillSincePress() && isMouseEventWithinCanvas(event)
                    && getChart() instanceof XYChart chart) {
                Point2D point = getLocationInPlotArea(event);
                onTime.accept(chart.getXAxis().getValueForDisplay(point.getX()));
            }
        });
    }
}
