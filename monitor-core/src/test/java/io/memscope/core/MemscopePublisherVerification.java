package io.memscope.core;

import io.memscope.core.event.MemoryEvent;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterMethod;

/**
 * The Reactive Streams TCK ({@link PublisherVerification}, TestNG, run on the JUnit Platform by testng-engine)
 * for one of memscope's published {@link Flowable}s.
 *
 * <p><b>A publisher of N elements.</b> memscope's streams are hot: they carry what happens after subscription. So
 * each subscriber gets a fresh {@link Source} (an event hub, or a core), subscribes to its stream, and only then
 * does a producer thread make N events happen and close the source, which completes the stream once the subscriber
 * has taken them. The producer stops early when the subscriber has left (so the TCK's
 * {@code Integer.MAX_VALUE}-element test ends). {@code createPublisher(0)} subscribes to a source that is already
 * closed: a late subscriber must get {@code onSubscribe}, then {@code onComplete}.
 *
 * <p><b>No RxJava in between.</b> The TCK's subscriber is handed to the stream as a {@link FlowableSubscriber} that
 * forwards every signal unchanged, so {@code Flowable.subscribe} calls memscope's {@code subscribeActual} directly
 * (as RxJava's own operators do) and the TCK talks to memscope's subscription itself. A plain {@link Subscriber}
 * would be wrapped in RxJava's {@code StrictSubscriber}, which enforces §1.3, §2.12 and §3.9 on its own and would
 * hide a violation of memscope's. The forwarder turns each event into {@code Type#sequence} so elements of
 * separate sources compare equal (the TCK's multi-subscriber tests compare the elements).
 *
 * <p>memscope's streams never fail, so there is no failed publisher: the TCK skips §1.4 and §1.9's rejection test.
 */
public abstract class MemscopePublisherVerification extends PublisherVerification<String> {
    /** Generous for a shared 2-core machine: a delivery thread naps up to 1 ms, a core is created per subscriber. */
    private static final long TIMEOUT_MILLIS = 2_000;
    private static final long NO_SIGNALS_MILLIS = 100;
    /**
     * How long the TCK waits for an expected {@code onError}: 1.0.4's {@code expectError} sleeps one poll interval
     * (by default the whole timeout) and then looks once, so this must cover a delivery thread's wake-up on a loaded
     * machine (memscope signals a bad {@code request(n)} from the delivery thread, never the caller's).
     */
    private static final long POLL_MILLIS = 300;
    private static final long GC_TIMEOUT_MILLIS = 500;

    /** What one subscriber subscribes to, and what makes its events happen. */
    protected interface Source extends AutoCloseable {
        /** The stream under test. */
        Flowable<? extends MemoryEvent> stream();

        /** Makes the stream carry one more event. Producer thread only. */
        void produceOne();

        /** Whether the stream still has its subscriber (false once it cancelled or its stream failed). */
        boolean subscribed();

        /** Completes the stream (idempotent). */
        @Override
        void close();
    }

    private final List<Source> opened = new CopyOnWriteArrayList<>();
    /** Weakly: a cancelled subscription must be free to go with its subscriber (§3.13 is tested). */
    private final List<WeakReference<Subscription>> subscriptions = new CopyOnWriteArrayList<>();

    protected MemscopePublisherVerification() {
        super(new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_MILLIS, POLL_MILLIS), GC_TIMEOUT_MILLIS);
    }

    /** A fresh source; {@code elements} is how many events its subscriber will be given. */
    protected abstract Source newSource(long elements);

    @Override
    public Publisher<String> createPublisher(long elements) {
        return new Publisher<>() {
            @Override
            public void subscribe(Subscriber<? super String> subscriber) {
                Objects.requireNonNull(subscriber, "§1.9: the subscriber must not be null");
                Source source = newSource(elements);
                opened.add(source);
                if (elements == 0) {
                    source.close();
                    source.stream().subscribe(new Forwarder(subscriber, subscriptions));
                    return;
                }
                source.stream().subscribe(new Forwarder(subscriber, subscriptions));
                Thread producer = new Thread(() -> produce(source, elements), "tck-producer");
                producer.setDaemon(true);
                producer.start();
            }

            @Override
            public String toString() {
                return MemscopePublisherVerification.this.getClass().getSimpleName() + " of " + elements;
            }
        };
    }

    private static void produce(Source source, long elements) {
        try {
            for (long i = 0; i < elements && source.subscribed(); i++) {
                source.produceOne();
            }
        } catch (RuntimeException e) {
            // the source was closed under the producer at the end of the test method
        } finally {
            source.close();
        }
    }

    @Override
    public @Nullable Publisher<String> createFailedPublisher() {
        return null; // memscope's streams never signal onError on their own
    }

    /**
     * Ends what the test method left: cancels its subscriptions (a subscriber that neither takes its events nor
     * cancels keeps its delivery thread, as it should) and closes its sources.
     */
    @AfterMethod(alwaysRun = true)
    public void endSubscriptionsAndSources() {
        for (WeakReference<Subscription> subscription : subscriptions) {
            Subscription live = subscription.get();
            if (live != null) {
                live.cancel();
            }
        }
        subscriptions.clear();
        opened.forEach(Source::close);
        opened.clear();
    }

    /** Forwards every signal unchanged, each event as {@code Type#sequence}; see the class comment. */
    private static final class Forwarder implements FlowableSubscriber<MemoryEvent> {
        private final Subscriber<? super String> downstream;
        private final List<WeakReference<Subscription>> subscriptions;

        Forwarder(Subscriber<? super String> downstream, List<WeakReference<Subscription>> subscriptions) {
            this.downstream = downstream;
            this.subscriptions = subscriptions;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscriptions.add(new WeakReference<>(subscription));
            downstream.onSubscribe(subscription);
        }

        @Override
        public void onNext(MemoryEvent event) {
            downstream.onNext(event.getClass().getSimpleName() + "#" + event.sequence());
        }

        @Override
        public void onError(Throwable error) {
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            downstream.onComplete();
        }
    }
}
