package io.memscope.core;

/**
 * The Reactive Streams TCK for {@link MemoryMonitor#events()} of a real core, with the default overflow policy
 * ({@link OverflowPolicy#DROP_OLDEST}); see {@link MemscopePublisherVerification}.
 */
public class MonitorEventsTckTest extends MemscopePublisherVerification {
    @Override
    protected Source newSource(long elements) {
        return MonitorStreamSources.allocations(OverflowPolicy.DROP_OLDEST, elements, MemoryMonitor::events);
    }
}
