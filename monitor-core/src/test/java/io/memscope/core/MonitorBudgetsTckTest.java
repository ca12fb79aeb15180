package io.memscope.core;

/**
 * The Reactive Streams TCK for {@link MemoryMonitor#budgets()} of a real core, a state stream that replays its
 * latest sample to a new subscriber; see {@link MemscopePublisherVerification}.
 */
public class MonitorBudgetsTckTest extends MemscopePublisherVerification {
    @Override
    protected Source newSource(long elements) {
        return MonitorStreamSources.budgets(elements);
    }
}
