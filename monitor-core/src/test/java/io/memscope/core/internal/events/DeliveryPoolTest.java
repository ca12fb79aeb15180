package io.memscope.core.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocationKind;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.stats.LeakReport;
import io.reactivex.rxjava3.subscribers.DefaultSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Subscribers share one bounded pool of delivery threads, fairly, each still served one call at a time. */
class DeliveryPoolTest {
    private static final int SUBSCRIBERS = 24;

    private static PendingEvent event(long index) {
        return (sequence, clock) -> {
            long now = System.nanoTime();
            return new LeakReported(new EventHeader(sequence, now, clock.epochMillis(now), "test", "test"),
                    new LeakReport(index, "t", AllocationKind.BUFFER, index, null, 0));
        };
    }

    @Test
    void manySubscribersShareTheBoundedPoolOneCallAtATimeInOrder() throws InterruptedException {
        int events = 200_000;
        EventHub hub = new EventHub("pool", OverflowPolicy.LOSSLESS, 4096);
        List<Recording> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            Recording subscriber = new Recording(events);
            hub.stream(MemoryEvent.class, false).subscribe(subscriber);
            subscribers.add(subscriber);
        }
        for (long i = 0; i < events; i++) {
            hub.record(event(i));
        }
        hub.close();

        Set<String> allThreads = ConcurrentHashMap.newKeySet();
        for (Recording subscriber : subscribers) {
            assertThat(subscriber.complete.await(1, TimeUnit.MINUTES)).as("completed").isTrue();
            assertThat(subscriber.received).hasValue(events);
            assertThat(subscriber.overlapped).as("onNext calls overlapped").isFalse();
            assertThat(subscriber.outOfOrder).as("sequence went backwards").isFalse();
            allThreads.addAll(subscriber.threads);
        }
        assertThat(allThreads).allMatch(name -> name.startsWith("memscope-delivery-"));
        assertThat(allThreads.size()).as("threads used by %d subscribers", SUBSCRIBERS)
                .isLessThanOrEqualTo(DeliveryPool.size(System.getProperty(DeliveryPool.SIZE_PROPERTY),
                        Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aSubscriberBlockedInOnNextDoesNotStallTheOthers() throws InterruptedException {
        EventHub hub = new EventHub("blocked", OverflowPolicy.DROP_OLDEST, 1024);
        CountDownLatch blockedEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        hub.stream(MemoryEvent.class, false).subscribe(new DefaultSubscriber<MemoryEvent>() {
            @Override
            public void onNext(MemoryEvent event) {
                blockedEntered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        int events = 50_000;
        Recording other = new Recording(events);
        hub.stream(MemoryEvent.class, false).subscribe(other);
        try {
            hub.record(event(0));
            assertThat(blockedEntered.await(30, TimeUnit.SECONDS)).isTrue();
            for (long i = 1; i < events; i++) {
                hub.record(event(i));
            }
            hub.close(); // events lost at intake take no number: completion, not a count, marks the end
            // the other subscriber still gets everything and completes while the first one holds a pool thread
            assertThat(other.complete.await(30, TimeUnit.SECONDS)).as("received %s events", other.received).isTrue();
            assertThat(other.received.get()).isPositive();
            assertThat(other.overlapped).isFalse();
            assertThat(release.getCount()).as("first subscriber still blocked").isOne();
        } finally {
            release.countDown();
            hub.close();
        }
    }

    @Test
    void sizeComesFromTheMachineOrAValidProperty() {
        assertThat(DeliveryPool.size(null, 2)).isEqualTo(4);
        assertThat(DeliveryPool.size(null, 8)).isEqualTo(8);
        assertThat(DeliveryPool.size(null, 128)).isEqualTo(16);
        assertThat(DeliveryPool.size(" 3 ", 2)).isEqualTo(3);
        assertThat(DeliveryPool.size("256", 2)).isEqualTo(256);
        for (String bad : new String[] {"0", "-1", "257", "lots", "", "9999999999", "٣"}) {
            assertThat(DeliveryPool.size(bad, 2)).as(bad).isEqualTo(4);
        }
    }

    /** Counts events, remembers its threads, and fails if two of its onNext calls ever overlap. */
    private static final class Recording extends DefaultSubscriber<MemoryEvent> {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger received = new AtomicInteger();
        final AtomicBoolean inside = new AtomicBoolean();
        final AtomicBoolean overlapped = new AtomicBoolean();
        final CountDownLatch complete = new CountDownLatch(1);
        final CountDownLatch sawLast;
        final long last;
        long lastSequence;
        boolean outOfOrder;

        Recording(long last) {
            this.last = last;
            this.sawLast = new CountDownLatch(1);
        }

        @Override
        public void onNext(MemoryEvent event) {
            if (!inside.compareAndSet(false, true)) {
                overlapped.set(true);
            }
            threads.add(Thread.currentThread().getName());
            outOfOrder |= event.sequence() <= lastSequence; // plain field: calls must happen-after each other
            lastSequence = event.sequence();
            received.incrementAndGet();
            if (event.sequence() == last) {
                sawLast.countDown();
            }
            inside.set(false);
        }

        @Override
        public void onError(Throwable t) {
            complete.countDown();
        }

        @Override
        public void onComplete() {
            complete.countDown();
        }
    }
}
