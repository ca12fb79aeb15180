package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.Allocation}: a buffer or image was created ({@code AllocationCreated}).
 * Committed by the monitor's JFR bridge on a subscriber thread, see {@link JfrBridge}.
 */
@Name(AllocationJfrEvent.NAME)
@Label("GPU Allocation")
@Category("memscope")
@Description("A Vulkan buffer or image and its memory were allocated through memscope")
@StackTrace(false)
@Enabled(false) // opt-in: allocation rates can be high; enable per recording or in a .jfc file
public final class AllocationJfrEvent extends AllocationFieldsJfrEvent {
    public static final String NAME = "memscope.Allocation";
}
