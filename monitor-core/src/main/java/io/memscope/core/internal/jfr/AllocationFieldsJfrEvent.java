package io.memscope.core.internal.jfr;

import jdk.jfr.DataAmount;
import jdk.jfr.Label;
import jdk.jfr.Timestamp;
import org.jspecify.annotations.Nullable;

/**
 * The fields of an {@code AllocationInfo} (its tag is the header's {@link #tag}): what allocation, free and move events
 * carry. Not thread-safe: one instance per commit.
 */
public abstract class AllocationFieldsJfrEvent extends MemscopeJfrEvent {
    @Label("Allocation Id")
    public long id;

    @Label("Kind")
    public String kind = "";

    @Label("Name")
    public @Nullable String allocationName;

    @Label("Size")
    @DataAmount
    public long size;

    @Label("Allocated Size")
    @DataAmount
    public long allocatedSize;

    @Label("Memory Usage")
    public String memoryUsage = "";

    @Label("Memory Type")
    public int memoryType;

    @Label("Heap")
    public int heap;

    @Label("Device Memory")
    public long deviceMemory;

    @Label("Offset")
    public long offset;

    @Label("Resource")
    public long resource;

    @Label("Created")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long createdEpochMillis;
}
