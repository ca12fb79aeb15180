package io.memscope.core;

import io.memscope.core.event.EventHeader;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.MemoryHeapInfo;

/** What a threshold's value measures, in words a person reads in a log line or the dashboard. Stateless. */
final class ThresholdScope {
    private ThresholdScope() {
    }

    /**
     * {@code "all heaps"} for the device total (heap index -1), {@code "heap 0 (device-local)"} or
     * {@code "heap 1 (host)"} for one heap, prefixed {@code "tag X, "} when a facade's threshold it is.
     */
    static String describe(DeviceMemoryLayout layout, String tag, int heapIndex) {
        String heap;
        if (heapIndex < 0) {
            heap = "all heaps";
        } else {
            MemoryHeapInfo info = layout.heaps().get(heapIndex);
            heap = "heap " + heapIndex + (info.deviceLocal() ? " (device-local)" : " (host)");
        }
        return EventHeader.DEVICE.equals(tag) ? heap : "tag " + tag + ", " + heap;
    }
}
