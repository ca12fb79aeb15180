package io.memscope.benchmarks;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.internal.CoarseClock;
import io.memscope.core.internal.events.EventHub;
import io.memscope.core.internal.events.HubClock;
import io.memscope.core.internal.events.PendingEvent;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The event hub alone, with events shaped like the hot path's: the producer makes one small pending object
 * (a reference, the thread, a time) and offers it; the drain thread builds an {@link AllocationCreated},
 * numbers it and hands it to one subscriber, which counts it.
 *
 * <ul>
 *   <li>{@link #record}: cost on the recording thread per event ({@code DROP_OLDEST}, so a slower drain
 *       thread cannot stall the producer; the subscriber still receives what the drain keeps up with).
 *   <li>{@link #throughput}: events per second from two producer threads to {@link #subscribers} subscribers,
 *       lossless ({@code LOSSLESS} holds producers back when the slowest subscriber lags, so the producers' rate
 *       is the rate every subscriber was delivered; the tear-down checks that every event arrived at each). With
 *       more subscribers than delivery threads this measures the shared delivery pool.
 * </ul>
 */
@State(Scope.Benchmark)
public class EventHubBenchmark {
    private static final AllocationInfo INFO = new AllocationInfo(1, "Benchmark", AllocationKind.BUFFER, null, 4096,
            4096, MemoryUsage.GPU_ONLY, 0, 0, 0x1000, 0, 0x2000, 0);

    @Param({"DROP_OLDEST", "LOSSLESS"})
    public OverflowPolicy policy;

    /** Subscribers, each counting every event. */
    @Param({"1"})
    public int subscribers;

    private EventHub hub;
    private final List<Disposable> subscriptions = new ArrayList<>();
    private CountDownLatch completed;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() {
        hub = new EventHub("benchmark", policy, 1 << 16);
        completed = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            subscriptions.add(hub.stream(MemoryEvent.class, false).subscribe(event -> received.increment(),
                    error -> completed.countDown(), completed::countDown));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        hub.close(); // subscribers complete once they have taken what is buffered for them
        if (!completed.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("subscribers did not complete within a minute of the hub's close");
        }
        subscriptions.forEach(Disposable::dispose);
        long lost = sent.sum() * subscribers - received.sum();
        if (policy == OverflowPolicy.LOSSLESS && lost != 0) {
            throw new IllegalStateException("lossless hub lost " + lost + " of " + sent.sum() + " events");
        }
        System.out.printf("%n[%s, %d subscribers] sent %,d, received %,d, dropped %,d%n", policy, subscribers,
                sent.sum(), received.sum(),
                hub.droppedCount());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Threads(1)
    public void record(Producer producer) {
        hub.record(new Pending(INFO, Thread.currentThread(), CoarseClock.nanoTime()));
        producer.count++;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public void throughput(Producer producer) {
        hub.record(new Pending(INFO, Thread.currentThread(), CoarseClock.nanoTime()));
        producer.count++;
    }

    /** What the allocation hot path records: the handle (here its info), the thread and the time. */
    private record Pending(AllocationInfo info, Thread thread, long nanos) implements PendingEvent {
        @Override
        public MemoryEvent complete(long sequence, HubClock clock) {
            return new AllocationCreated(new EventHeader(sequence, nanos, clock.epochMillis(nanos), info.tag(),
                    thread.getName()), info);
        }
    }

    /** Per-thread count of events sent, added to the shared total at the end of each iteration. */
    @State(Scope.Thread)
    public static class Producer {
        long count;

        @TearDown(Level.Iteration)
        public void flush(EventHubBenchmark benchmark) {
            benchmark.sent.add(count);
            count = 0;
        }
    }
}
