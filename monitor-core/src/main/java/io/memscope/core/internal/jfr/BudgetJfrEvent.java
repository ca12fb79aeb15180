package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code memscope.Budget}: one heap's budget as the sampler read it. */
@Name(BudgetJfrEvent.NAME)
@Label("GPU Heap Budget")
@Category("memscope")
@Description("Budget and usage of one Vulkan memory heap")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class BudgetJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.Budget";

    @Label("Heap")
    public int heap;
    @Label("Budget")
    @DataAmount
    public long budget;
    @Label("Usage")
    @DataAmount
    public long usage;
    @Label("Block Bytes")
    @DataAmount
    public long blockBytes;
    @Label("Allocation Bytes")
    @DataAmount
    public long allocationBytes;
}
