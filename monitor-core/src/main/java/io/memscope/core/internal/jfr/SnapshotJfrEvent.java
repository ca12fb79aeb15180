package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.Snapshot}: a snapshot was taken ({@code SnapshotTaken}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(SnapshotJfrEvent.NAME)
@Label("GPU Memory Snapshot")
@Category("memscope")
@Description("A memory snapshot was taken")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class SnapshotJfrEvent extends MemscopeJfrEvent {
    public static final String NAME = "memscope.Snapshot";

    @Label("Snapshot Id")
    public long snapshotId;

    @Label("Description")
    public String snapshotDescription = "";

    @Label("Live Allocations")
    public int allocationCount;

    @Label("Allocations Included")
    public boolean allocationsIncluded;

    @Label("Snapshot")
    @Description("the snapshot, encoded (PayloadCodec); its allocations only when allocationsIncluded")
    public String snapshot = "";
}
