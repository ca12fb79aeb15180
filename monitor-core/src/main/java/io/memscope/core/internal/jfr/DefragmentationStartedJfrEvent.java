package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.DefragmentationStarted}: a defragmentation began ({@code DefragmentationStarted}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(DefragmentationStartedJfrEvent.NAME)
@Label("GPU Defragmentation Started")
@Category("memscope")
@Description("A defragmentation began")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class DefragmentationStartedJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.DefragmentationStarted";

    @Label("Algorithm")
    public String algorithm = "";

    @Label("Marked Allocations")
    public int markedAllocations;

    @Label("Fragmentation Before")
    public double fragmentationBefore;
}
