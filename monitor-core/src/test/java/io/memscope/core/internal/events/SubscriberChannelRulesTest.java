package io.memscope.core.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocationKind;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.stats.LeakReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reactive Streams rules around the edges of a hub subscription that the TCK ({@code EventHubTckTest}) does not
 * reach: a bad {@code request(n)} racing delivery or arriving after completion, a lossless subscriber that takes
 * nothing while the hub closes, and a subscriber that comes after the hub closed. The subscriber here is a plain {@link Subscriber} handed to the hub's channel directly (as RxJava
 * operators see it), not wrapped in RxJava's {@code StrictSubscriber}, which would mask a violation.
 */
class SubscriberChannelRulesTest {

    private static void subscribe(EventHub hub, Subscriber<MemoryEvent> subscriber) {
        hub.stream(MemoryEvent.class, false).subscribe(new io.reactivex.rxjava3.core.FlowableSubscriber<MemoryEvent>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscriber.onSubscribe(s);
            }

            @Override
            public void onNext(MemoryEvent event) {
                subscriber.onNext(event);
            }

            @Override
            public void onError(Throwable t) {
                subscriber.onError(t);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    @Test
    void aBadRequestAfterCompletionSignalsNothing() throws InterruptedException {
        // §1.7: no signal after a terminal one; §3.6: after the subscription ended, request(n) is a no-op.
        EventHub hub = new EventHub("rules", OverflowPolicy.LOSSLESS, 64);
        Recorder recorder = new Recorder();
        subscribe(hub, recorder);
        hub.record(new Synthetic(1));
        hub.close();
        recorder.subscription.get().request(1);
        assertThat(recorder.terminated.await(10, TimeUnit.SECONDS)).isTrue();

        recorder.subscription.get().request(0);
        recorder.subscription.get().request(-1);
        Thread.sleep(100);

        assertThat(recorder.signals).containsExactly("onSubscribe", "onNext 1", "onComplete");
    }

    @Test
    void aBadRequestWhileOnNextRunsOnAnotherThreadFailsTheStreamAfterOnNextReturns() throws InterruptedException {
        // §1.3: onError must not overlap an onNext in progress; §3.9: it must come, as an IllegalArgumentException.
        EventHub hub = new EventHub("rules", OverflowPolicy.LOSSLESS, 64);
        CountDownLatch inOnNext = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder() {
            @Override
            public void onNext(MemoryEvent event) {
                super.onNext(event);
                inside.incrementAndGet(); // still inside onNext until released
                inOnNext.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
            }
        };
        subscribe(hub, recorder);
        recorder.subscription.get().request(2);
        hub.record(new Synthetic(1));
        hub.record(new Synthetic(2));
        assertThat(inOnNext.await(10, TimeUnit.SECONDS)).isTrue();

        recorder.subscription.get().request(-1); // from this thread, while onNext(1) runs on the delivery thread
        Thread.sleep(100);
        release.countDown();

        assertThat(recorder.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(recorder.overlaps).as("signals overlapping another signal").hasValue(0);
        assertThat(recorder.signals).startsWith("onSubscribe", "onNext 1").endsWith("onError IllegalArgumentException")
                .filteredOn(s -> s.startsWith("onError") || s.startsWith("onComplete")).hasSize(1);
        hub.close();
    }

    @Test
    void aBadRequestInOnSubscribeFailsTheStream() throws InterruptedException {
        // §3.9, also when the request comes synchronously from onSubscribe, before delivery started.
        EventHub hub = new EventHub("rules", OverflowPolicy.LOSSLESS, 64);
        Recorder recorder = new Recorder() {
            @Override
            public void onSubscribe(Subscription s) {
                super.onSubscribe(s);
                s.request(0);
            }
        };
        subscribe(hub, recorder);
        hub.record(new Synthetic(1));
        assertThat(recorder.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(recorder.signals).containsExactly("onSubscribe", "onError IllegalArgumentException");
        assertThat(hub.subscriberCount()).as("the failed subscriber was removed").isZero();
        hub.close();
    }

    @Test
    void aLosslessSubscriberThatTakesNothingWhileTheHubClosesIsEndedWithAnError() throws InterruptedException {
        // The hub drops what such a subscriber did not take after 5 s; it must say so (§1.4: a publisher that
        // fails signals onError), not leave the subscriber waiting for a terminal signal that never comes.
        EventHub hub = new EventHub("rules", OverflowPolicy.LOSSLESS, 16);
        Recorder recorder = new Recorder(); // requests nothing
        subscribe(hub, recorder);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 64; i++) {
                hub.record(new Synthetic(i)); // waits once intake and buffer are full; returns when the hub closes
            }
        }, "producer");
        producer.start();
        Thread.sleep(200);

        hub.close(); // gives the subscriber 5 s

        assertThat(recorder.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        producer.join(10_000);
        assertThat(recorder.signals).containsExactly("onSubscribe", "onError MissingBackpressureException");
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void aSubscriberAfterCloseGetsOnSubscribeThenOnComplete() throws InterruptedException {
        // Late subscribers: §1.9 onSubscribe first, then the stream completes at once (no element, no error).
        EventHub hub = new EventHub("rules", OverflowPolicy.LOSSLESS, 64);
        hub.record(new Synthetic(1));
        hub.close();
        Recorder recorder = new Recorder();
        subscribe(hub, recorder);
        assertThat(recorder.terminated.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.signals).containsExactly("onSubscribe", "onComplete");
    }

    /** Synthetic event {@code i}. */
    private record Synthetic(long index) implements PendingEvent {
        @Override
        public MemoryEvent complete(long sequence, HubClock clock) {
            long now = System.nanoTime();
            return new LeakReported(new EventHeader(sequence, now, clock.epochMillis(now), "t", "test"),
                    new LeakReport(index, "t", AllocationKind.BUFFER, index, null, 0));
        }
    }

    /** Records every signal with the thread it came on; flags overlapping signals (§1.3). */
    private static class Recorder implements Subscriber<MemoryEvent> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final CountDownLatch terminated = new CountDownLatch(1);
        final AtomicReference<Subscription> subscription = new AtomicReference<>();

        private void enter(String signal) {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            signals.add(signal);
        }

        private void leave() {
            inside.decrementAndGet();
        }

        @Override
        public void onSubscribe(Subscription s) {
            enter("onSubscribe");
            subscription.set(s);
            leave();
        }

        @Override
        public void onNext(MemoryEvent event) {
            enter("onNext " + event.sequence());
            leave();
        }

        @Override
        public void onError(Throwable t) {
            enter("onError " + t.getClass().getSimpleName());
            leave();
            terminated.countDown();
        }

        @Override
        public void onComplete() {
            enter("onComplete");
            leave();
            terminated.countDown();
        }
    }
}
