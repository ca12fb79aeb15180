package io.memscope.core.internal.events;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemscopePublisherVerification;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.stats.LeakReport;
import io.reactivex.rxjava3.core.Flowable;

/**
 * The Reactive Streams TCK for {@link EventHub#stream}: a lossless hub fed synthetic events by a producer thread,
 * closed after N (see {@link MemscopePublisherVerification}).
 */
public class EventHubTckTest extends MemscopePublisherVerification {

    @Override
    protected Source newSource(long elements) {
        EventHub hub = new EventHub("tck", OverflowPolicy.LOSSLESS, 1024);
        return new Source() {
            private long next;

            @Override
            public Flowable<? extends MemoryEvent> stream() {
                return hub.stream(MemoryEvent.class, false);
            }

            @Override
            public void produceOne() {
                hub.record(new Synthetic(next++));
            }

            @Override
            public boolean subscribed() {
                return hub.hasSubscribers();
            }

            @Override
            public void close() {
                hub.close();
            }
        };
    }

    /** Synthetic event {@code index}. */
    private record Synthetic(long index) implements PendingEvent {
        @Override
        public MemoryEvent complete(long sequence, HubClock clock) {
            long now = System.nanoTime();
            return new LeakReported(new EventHeader(sequence, now, clock.epochMillis(now), "tck", "tck-producer"),
                    new LeakReport(index, "tck", AllocationKind.BUFFER, index, null, 0));
        }
    }
}
