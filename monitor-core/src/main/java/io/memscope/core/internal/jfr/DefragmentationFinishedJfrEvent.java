package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.DefragmentationFinished}: a defragmentation ended ({@code DefragmentationFinished}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(DefragmentationFinishedJfrEvent.NAME)
@Label("GPU Defragmentation Finished")
@Category("memscope")
@Description("A defragmentation ended")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class DefragmentationFinishedJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.DefragmentationFinished";

    @Label("Bytes Moved")
    @DataAmount
    public long bytesMoved;

    @Label("Allocations Moved")
    public int allocationsMoved;

    @Label("Result")
    @Description("the full result, encoded (PayloadCodec)")
    public String result = "";
}
