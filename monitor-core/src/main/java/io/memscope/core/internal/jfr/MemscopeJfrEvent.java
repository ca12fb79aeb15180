package io.memscope.core.internal.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Timestamp;

/**
 * The fields every memscope JFR event carries: the {@code EventHeader} of the {@code MemoryEvent} it bridges and the
 * core it came from. The JFR event's own start time and thread are those of the commit (a subscriber thread, shortly
 * after); these fields are the original ones. Not thread-safe: one instance per commit.
 */
public abstract class MemscopeJfrEvent extends jdk.jfr.Event {
    @Label("Sequence")
    @Description("The event hub's number of the memory event: 1, 2, 3 ... without gaps per core")
    public long sequence;

    @Label("Core")
    @Description("Id of the AllocatorCore within this JVM (the MXBean's CoreId)")
    public int core;

    @Label("Event Time")
    @Description("When the memory event happened, wall clock")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long epochMillis;

    @Label("Monotonic Nanos")
    @Description("When the memory event happened, System.nanoTime() of the recorded JVM")
    public long monotonicNanos;

    @Label("Tag")
    @Description("Tag of the allocator that caused it, * for device-wide events")
    public String tag = "";

    @Label("Thread Name")
    @Description("Name of the thread that caused it")
    public String threadName = "";
}
