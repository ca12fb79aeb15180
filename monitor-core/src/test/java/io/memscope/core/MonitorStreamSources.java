package io.memscope.core;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.event.MemoryEvent;
import io.reactivex.rxjava3.core.Flowable;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * TCK sources over a real core on the shared {@link TestDevice}: one new core per subscriber, its sampler off, so
 * the stream under test carries exactly the events the producer makes.
 */
final class MonitorStreamSources {
    private MonitorStreamSources() {
    }

    /**
     * A stream of allocation events ({@code events()} or {@code allocations()}): each event is one allocation or one
     * free of a small buffer, alternately, ending with nothing live. For an odd count, one buffer is allocated
     * before the subscription (no one subscribes yet, so it makes no event) and freed first.
     */
    static MemscopePublisherVerification.Source allocations(OverflowPolicy policy, long elements,
                                                            Function<MemoryMonitor, Flowable<? extends MemoryEvent>> stream) {
        AllocatorCore core = core(policy);
        MemoryAllocator allocator = core.allocator("tck");
        return new CoreSource(core, stream.apply(core.monitor())) {
            private @Nullable BufferAllocation live = elements % 2 == 1 ? allocate() : null;

            private BufferAllocation allocate() {
                return allocator.allocateBuffer(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            }

            @Override
            public void produceOne() {
                BufferAllocation current = live;
                if (current == null) {
                    live = allocate();
                } else {
                    current.close();
                    live = null;
                }
            }
        };
    }

    /**
     * {@code budgets()}: each event is one {@code sampleNow()}. With any elements at all, the first one is a sample
     * taken before the subscription, which the stream replays to its new subscriber (it is state), so the TCK
     * covers the replay too.
     */
    static MemscopePublisherVerification.Source budgets(long elements) {
        AllocatorCore core = core(OverflowPolicy.LOSSLESS);
        MemoryMonitor monitor = core.monitor();
        if (elements > 0) {
            monitor.sampleNow();
            monitor.budgets().blockingFirst(); // it went through the hub: the latest sample now, for replay
        }
        return new CoreSource(core, monitor.budgets()) {
            private boolean replayedCounted = elements == 0;

            @Override
            public void produceOne() {
                if (!replayedCounted) {
                    replayedCounted = true; // the first element is the replayed sample
                    return;
                }
                monitor.sampleNow();
            }
        };
    }

    private static AllocatorCore core(OverflowPolicy policy) {
        return AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults().withMonitor(MonitorOptions.defaults()
                .withOverflowPolicy(policy).withSampleInterval(Duration.ZERO)));
    }

    private abstract static class CoreSource implements MemscopePublisherVerification.Source {
        private final AllocatorCore core;
        private final Flowable<? extends MemoryEvent> stream;

        CoreSource(AllocatorCore core, Flowable<? extends MemoryEvent> stream) {
            this.core = core;
            this.stream = stream;
        }

        @Override
        public Flowable<? extends MemoryEvent> stream() {
            return stream;
        }

        @Override
        public boolean subscribed() {
            return core.engine().monitor().hub().hasSubscribers();
        }

        @Override
        public void close() {
            core.close();
        }
    }
}
