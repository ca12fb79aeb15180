package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code memscope.Move}: defragmentation moved an allocation. */
@Name(MoveJfrEvent.NAME)
@Label("GPU Allocation Moved")
@Category("memscope")
@Description("Defragmentation moved an allocation to a new block or offset")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class MoveJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.Move";

    @Label("Allocation Id")
    public long id;
    @Label("Tag")
    public String tag = "";
    @Label("Size")
    @DataAmount
    public long size;
    @Label("Old Device Memory")
    public long oldDeviceMemory;
    @Label("Old Offset")
    public long oldOffset;
    @Label("New Device Memory")
    public long newDeviceMemory;
    @Label("New Offset")
    public long newOffset;
}
