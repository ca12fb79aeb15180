package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code memscope.Allocation}: a buffer or image was created. Committed on the allocating thread. */
@Name(AllocationJfrEvent.NAME)
@Label("GPU Allocation")
@Category("memscope")
@Description("A Vulkan buffer or image and its memory were allocated through memscope")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class AllocationJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.Allocation";

    @Label("Allocation Id")
    public long id;
    @Label("Tag")
    public String tag = "";
    @Label("Kind")
    public String kind = "";
    @Label("Name")
    public String allocationName = "";
    @Label("Size")
    @DataAmount
    public long size;
    @Label("Memory Type")
    public int memoryType;
    @Label("Heap")
    public int heap;
    @Label("Device Memory")
    public long deviceMemory;
    @Label("Offset")
    public long offset;
}
