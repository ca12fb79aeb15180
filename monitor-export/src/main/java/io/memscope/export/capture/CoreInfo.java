package io.memscope.export.capture;

import io.memscope.core.management.JfrEventDecoder.CoreLayout;
import org.jspecify.annotations.Nullable;

/**
 * One allocator core found in a capture.
 *
 * @param coreId the core's id in the recorded JVM (the MXBean's {@code CoreId}, the JFR events' {@code core})
 * @param layout its device, budget source, heaps and memory types from the latest {@code memscope.DeviceLayout}
 *     event; null when the capture holds none (a recording that enabled only memory events)
 * @param firstSequence the lowest memory event number in the capture, -1 if it holds none
 * @param lastSequence the highest memory event number in the capture, -1 if it holds none
 * @param eventCount memory events of this core in the capture
 * @param stateCount complete {@code memscope.LiveState} states of this core in the capture (one per chunk start)
 */
public record CoreInfo(int coreId, @Nullable CoreLayout layout, long firstSequence, long lastSequence, int eventCount,
                       int stateCount) {
    /** The device's name, or {@code "core <id>"} without a layout. */
    public String deviceName() {
        CoreLayout l = layout;
        return l == null ? "core " + coreId : l.deviceName();
    }
}
