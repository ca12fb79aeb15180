package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.Move}: defragmentation moved an allocation ({@code AllocationMoved}); the allocation fields are the new placement.
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(MoveJfrEvent.NAME)
@Label("GPU Allocation Moved")
@Category("memscope")
@Description("Defragmentation moved an allocation to a new block or offset; the allocation fields are the new placement")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class MoveJfrEvent extends AllocationFieldsJfrEvent {
    public static final String NAME = "memscope.Move";

    @Label("Old Allocated Size")
    @DataAmount
    public long oldAllocatedSize;

    @Label("Old Memory Type")
    public int oldMemoryType;

    @Label("Old Heap")
    public int oldHeap;

    @Label("Old Device Memory")
    public long oldDeviceMemory;

    @Label("Old Offset")
    public long oldOffset;

    @Label("Old Resource")
    public long oldResource;
}
