package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.Budget}: the sampler read every heap's budget ({@code BudgetSampled}); {@code budget} and {@code usage} are the device sums.
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(BudgetJfrEvent.NAME)
@Label("GPU Memory Budget")
@Category("memscope")
@Description("Budget and usage of every Vulkan memory heap")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class BudgetJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.Budget";

    @Label("Budget")
    @DataAmount
    public long budget;

    @Label("Usage")
    @DataAmount
    public long usage;

    @Label("Source")
    public String source = "";

    @Label("Heaps")
    @Description("every heap's figures, encoded (PayloadCodec)")
    public String heaps = "";
}
