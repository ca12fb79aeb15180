package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.DefragmentationProgress}: a defragmentation pass finished ({@code DefragmentationProgress}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(DefragmentationProgressJfrEvent.NAME)
@Label("GPU Defragmentation Progress")
@Category("memscope")
@Description("A defragmentation pass finished")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class DefragmentationProgressJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.DefragmentationProgress";

    @Label("Pass")
    public int pass;

    @Label("Bytes Moved")
    @DataAmount
    public long bytesMoved;

    @Label("Allocations Moved")
    public int allocationsMoved;
}
