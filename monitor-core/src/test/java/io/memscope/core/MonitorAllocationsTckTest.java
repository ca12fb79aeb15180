package io.memscope.core;

/**
 * The Reactive Streams TCK for {@link MemoryMonitor#allocations()} of a real core, with
 * {@link OverflowPolicy#LOSSLESS}; see {@link MemscopePublisherVerification}.
 */
public class MonitorAllocationsTckTest extends MemscopePublisherVerification {
    @Override
    protected Source newSource(long elements) {
        return MonitorStreamSources.allocations(OverflowPolicy.LOSSLESS, elements, MemoryMonitor::allocations);
    }
}
