package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code memscope.Leak}: an allocation leaked at close ({@code LeakReported}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(LeakJfrEvent.NAME)
@Label("GPU Memory Leak")
@Category("memscope")
@Description("An allocation was still live when its core closed; memscope freed it")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class LeakJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.Leak";

    @Label("Allocation Id")
    public long id;

    @Label("Kind")
    public String kind = "";

    @Label("Size")
    @DataAmount
    public long size;

    @Label("Name")
    public @org.jspecify.annotations.Nullable String allocationName;

    @Label("Age")
    @Timespan(Timespan.MILLISECONDS)
    public long ageMillis;
}
