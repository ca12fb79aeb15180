package io.memscope.metrics;

/**
 * The meters' names and the device label's key under one {@link MetricNaming}. Immutable.
 */
record Names(String deviceKey, String used, String committed, String max, String budget, String usage,
             String utilization, String fragmentation, String allocations, String tagUsed, String tagAllocations, String tagCreates, String tagAllocatedBytes,
             String creates, String frees, String moves, String allocatedBytes, String freedBytes,
             String thresholdCrossings, String defragmentations, String defragmentedBytes, String eventsDropped) {

    static Names of(MetricNaming naming) {
        boolean otel = naming == MetricNaming.OPENTELEMETRY;
        return new Names(otel ? "hw.id" : "device",
                "gpu.memory.used", "gpu.memory.committed",
                otel ? "hw.gpu.memory.limit" : "gpu.memory.max",
                "gpu.memory.budget",
                otel ? "hw.gpu.memory.usage" : "gpu.memory.usage",
                otel ? "hw.gpu.memory.utilization" : "",
                "gpu.memory.fragmentation", "gpu.memory.allocations",
                "gpu.memory.tag.used", "gpu.memory.tag.allocations",
                "gpu.memory.tag.allocation.creates", "gpu.memory.tag.allocated",
                "gpu.memory.allocation.creates", "gpu.memory.allocation.frees", "gpu.memory.allocation.moves",
                "gpu.memory.allocated", "gpu.memory.freed",
                "gpu.memory.threshold.crossings", "gpu.memory.defragmentations", "gpu.memory.defragmentation.moved",
                "gpu.memory.events.dropped");
    }

    /** Whether this naming has a utilization gauge. */
    boolean hasUtilization() {
        return !utilization.isEmpty();
    }
}
