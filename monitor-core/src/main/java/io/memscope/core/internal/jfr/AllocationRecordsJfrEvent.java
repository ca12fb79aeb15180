package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.AllocationRecords}: a batch of consecutive allocation, free and move events of one core in the
 * compact encoding of {@link AllocationRecordCodec} (about 10–20 bytes per event instead of ~100 as separate events).
 * Captures record allocations this way; live followers use the one-event-per-allocation types. Committed by the core's
 * JFR bridge when a batch is full, on every sampler tick and before a capture stops. Not thread-safe: one instance
 * per commit.
 */
@Name(AllocationRecordsJfrEvent.NAME)
@Label("GPU Allocation Records")
@Category("memscope")
@Description("Allocations, frees and moves of a memscope core, a batch of them in memscope's compact encoding")
@StackTrace(false)
@Enabled(false) // written into captures; enable per recording
public final class AllocationRecordsJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.AllocationRecords";

    @Label("Core")
    @Description("Id of the AllocatorCore within this JVM (the MXBean's CoreId)")
    public int core;

    @Label("First Sequence")
    @Description("The event hub's number of the first record")
    public long firstSequence;

    @Label("Last Sequence")
    @Description("The event hub's number of the last record")
    public long lastSequence;

    @Label("Count")
    @Description("Records in the batch")
    public int count;

    @Label("Records")
    @Description("The records, memscope's encoding (7-bit characters; see AllocationRecordCodec)")
    public String records = "";
}
