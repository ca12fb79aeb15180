package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * {@code memscope.LiveState}: one part of a core's full ledger together with the hub's sequence number {@code S} it
 * reflects exactly, written at the start of every chunk (and when a core is created during a recording that enables
 * it). A state of many allocations is split into {@link #parts} events of at most
 * {@link ChunkStates#PART_CHARS} characters each, numbered {@link #part} = 0, 1, ...; a reader takes a state only
 * when it has all its parts. See {@link ChunkStates}. Not thread-safe: one instance per commit.
 */
@Name(LiveStateJfrEvent.NAME)
@Label("GPU Live State")
@Category("memscope")
@Description("A memscope core's live allocations (one part of them) and the event sequence number they reflect")
@StackTrace(false)
@Period("beginChunk")
@Enabled(false) // written into captures; enable per recording
public final class LiveStateJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.LiveState";

    @Label("Core")
    @Description("Id of the AllocatorCore within this JVM (the MXBean's CoreId)")
    public int core;

    @Label("Sequence")
    @Description("The state reflects exactly the memory events numbered up to this one")
    public long sequence;

    @Label("Captured")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long capturedEpochMillis;

    @Label("Monotonic Nanos")
    @Description("System.nanoTime() of the recorded JVM when the state was captured")
    public long monotonicNanos;

    @Label("Allocation Count")
    @Description("Live allocations in the whole state (all parts)")
    public int allocationCount;

    @Label("Part")
    @Description("Index of this part, 0-based")
    public int part;

    @Label("Parts")
    @Description("Number of parts of this state")
    public int parts;

    @Label("Allocations")
    @Description("This part's allocations, memscope's encoding (PayloadCodec)")
    public String allocations = "";
}
