package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code memscope.Free}: a buffer or image was freed ({@code AllocationFreed}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(FreeJfrEvent.NAME)
@Label("GPU Free")
@Category("memscope")
@Description("A Vulkan buffer or image made through memscope was freed")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class FreeJfrEvent extends AllocationFieldsJfrEvent {
    public static final String NAME = "memscope.Free";

    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    public long lifetime;
}
