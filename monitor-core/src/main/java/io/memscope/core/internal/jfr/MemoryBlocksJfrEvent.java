package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A core's {@code VkDeviceMemory} blocks (handle, memory type, size, pool, dedicated), so that a capture's memory
 * map has real block sizes. Written with each chunk's live state and, while a capture runs, by the sampler when the
 * set of blocks changed since it last wrote it (so a capture's blocks lag by at most one sample interval).
 */
@Name(MemoryBlocksJfrEvent.NAME)
@Label("GPU Memory Blocks")
@Category("memscope")
@Description("A memscope core's VkDeviceMemory blocks: handle, memory type, heap, size, pool and dedicated flag")
@StackTrace(false)
@Enabled(false) // written into captures; enable per recording
public final class MemoryBlocksJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.MemoryBlocks";

    @Label("Core")
    @Description("Id of the AllocatorCore within this JVM (the MXBean's CoreId)")
    public int core;

    @Label("Block Count")
    public int blockCount;

    @Label("Blocks")
    @Description("The blocks, memscope's encoding (PayloadCodec)")
    public String blocks = "";
}
