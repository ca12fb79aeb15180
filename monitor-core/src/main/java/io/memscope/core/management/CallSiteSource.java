package io.memscope.core.management;

/**
 * A monitor that can tell who allocated its live allocations: a capture opened for reading (at its moment) or a
 * monitor attached to another JVM that asked for call stacks. Call stacks come from Flight Recorder
 * ({@code memscope.AllocationSite} events), so an in-process monitor is none.
 */
@FunctionalInterface
public interface CallSiteSource {
    /**
     * The live allocations now (a capture: at its moment) by call site. May read the whole ledger: O(live allocations
     * × stack depth); call it off UI threads.
     */
    CallSites callSites();
}
