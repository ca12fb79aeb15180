package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.EventsDropped}: events were lost ({@code EventsDropped}); resynchronise from the MXBean.
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(EventsDroppedJfrEvent.NAME)
@Label("memscope Events Dropped")
@Category("memscope")
@Description("The JFR bridge or the event hub lost events to the overflow policy")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class EventsDroppedJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.EventsDropped";

    @Label("Count")
    public long count;

    @Label("Total Dropped")
    public long totalDropped;

    @Label("At Intake")
    public boolean atIntake;
}
