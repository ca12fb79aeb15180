package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.Stats}: the sampler computed statistics ({@code StatsSampled}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(StatsJfrEvent.NAME)
@Label("GPU Memory Statistics")
@Category("memscope")
@Description("Device-wide statistics per heap, memory type and tag")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class StatsJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.Stats";

    @Label("Total")
    @DataAmount
    public long totalBytes;

    @Label("Used")
    @DataAmount
    public long usedBytes;

    @Label("Allocations")
    public long allocationCount;

    @Label("Fragmentation")
    public double fragmentationRatio;

    @Label("Statistics")
    @Description("the full statistics, encoded (PayloadCodec)")
    public String stats = "";
}
