package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.Threshold}: a figure crossed a threshold ({@code ThresholdCrossed}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(ThresholdJfrEvent.NAME)
@Label("GPU Memory Threshold Crossed")
@Category("memscope")
@Description("A memory figure crossed a threshold, up or down")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class ThresholdJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.Threshold";

    @Label("Kind")
    public String kind = "";

    @Label("Direction")
    public String direction = "";

    @Label("Heap")
    public int heapIndex;

    @Label("Value")
    public double value;

    @Label("Threshold")
    public double threshold;

    @Label("Scope")
    public String scope = "";
}
