package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.DeviceLayout}: one core's device, its heaps and memory types, written at the start of every chunk
 * (and when a core is created during a recording that enables it), so any cut of a capture knows the layout. See
 * {@link ChunkStates}. Not thread-safe: one instance per commit.
 */
@Name(DeviceLayoutJfrEvent.NAME)
@Label("GPU Device Layout")
@Category("memscope")
@Description("A memscope core's Vulkan device: name, budget source, heaps and memory types")
@StackTrace(false)
@Period("beginChunk")
@Enabled(false) // written into captures; enable per recording
public final class DeviceLayoutJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.DeviceLayout";

    @Label("Core")
    @Description("Id of the AllocatorCore within this JVM (the MXBean's CoreId)")
    public int core;

    @Label("Device Name")
    public String deviceName = "";

    @Label("Budget Source")
    @Description("EXT_MEMORY_BUDGET or VMA_ESTIMATE")
    public String budgetSource = "";

    @Label("Heap Size Limit")
    @Description("The per-heap limit the core was created with, 0 for none")
    public long heapSizeLimit;

    @Label("Process")
    @Description("The recorded JVM's process id: a folder of chunk files from two processes is not one capture")
    public long pid;

    @Label("Layout")
    @Description("Heaps and memory types, memscope's encoding (PayloadCodec)")
    public String layout = "";
}
