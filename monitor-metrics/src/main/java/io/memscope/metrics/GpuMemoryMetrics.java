package io.memscope.metrics;

import io.memscope.core.MemoryMonitor;
import io.memscope.core.stats.MemoryBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * GPU memory of one {@link MemoryMonitor} as Micrometer meters, the way {@code JvmMemoryMetrics} shows the Java heap:
 * gauges of the sampler's latest figures per heap and per allocator tag, counters of allocations, frees, moves,
 * threshold crossings and defragmentations. Names, labels and meaning: {@code docs/metrics.md}.
 *
 * <pre>{@code
 * GpuMemoryMetrics metrics = new GpuMemoryMetrics(core.monitor());
 * metrics.bindTo(registry);          // e.g. a PrometheusMeterRegistry: gpu_memory_used_bytes{device,heap,...}
 * ...
 * metrics.close();                   // unsubscribes and removes its meters
 * }</pre>
 *
 * <p><b>Where the figures come from.</b> {@link #bindTo} subscribes to the monitor's {@code stats()} and
 * {@code budgets()} (which keeps its sampler running, default every 100 ms) and takes the current figures once
 * ({@code getStats()}, {@code getMemoryBudget()}), so the gauges never read {@code NaN}. A gauge returns a field of the
 * latest sample: a scrape never walks the ledger or calls the monitor, and costs the same at any number of live
 * allocations (measured in docs/performance.md). A gauge is at most one sample interval (plus delivery) behind the
 * monitor. With {@link GpuMetricsOptions#eventCounters()} the counters subscribe to {@code events()} as well; see
 * {@link GpuMetricsOptions} for what that costs allocation and docs/metrics.md for what they count when events are
 * lost.
 *
 * <p><b>Cardinality.</b> Per device: per heap one series of each of the 7 gauges and of the 5 allocation counters;
 * per tag label (at most {@link GpuMetricsOptions#maxTags()} plus {@value GpuMetricsOptions#OTHER_TAGS}) two gauges
 * and two counters; 3 device counters; threshold counters per kind and direction. A scrape's cost grows with the series
 * (about a microsecond each in Micrometer's Prometheus text), never with the live allocations.
 *
 * <p><b>Threading.</b> Thread-safe. Gauges are read on the registry's (scraping) thread; samples and events arrive on
 * memscope's delivery threads, which also register the meters of a tag seen for the first time. One binder binds to
 * one registry (bind a {@code CompositeMeterRegistry} to feed several).
 *
 * <p><b>End.</b> When the monitor's core closes its streams complete and the gauges keep its last figures;
 * {@link #close()} unsubscribes and removes the binder's meters from the registry.
 */
public final class GpuMemoryMetrics implements MeterBinder, AutoCloseable {
    private final MemoryMonitor monitor;
    private final GpuMetricsOptions options;
    private final Names names;
    private final AtomicBoolean bound = new AtomicBoolean();
    private final CompositeDisposable subscriptions = new CompositeDisposable();
    private volatile @Nullable Meters meters;
    private volatile @Nullable LatestFigures figures;

    /** A binder with {@link GpuMetricsOptions#defaults()}. */
    public GpuMemoryMetrics(MemoryMonitor monitor) {
        this(monitor, GpuMetricsOptions.defaults());
    }

    public GpuMemoryMetrics(MemoryMonitor monitor, GpuMetricsOptions options) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.options = Objects.requireNonNull(options, "options");
        this.names = Names.of(options.naming());
    }

    /**
     * Registers the meters and subscribes to the monitor. Costs one {@code getStats()} and one
     * {@code getMemoryBudget()}.
     *
     * @throws IllegalStateException if this binder was bound before, or closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bound.compareAndSet(false, true)) {
            throw new IllegalStateException("this GpuMemoryMetrics is bound already (or closed); bind a "
                    + "CompositeMeterRegistry to feed several registries, or make another binder");
        }
        MemoryBudget budget = monitor.getMemoryBudget();
        Meters m = new Meters(registry, names, monitor.getName(), budget);
        meters = m;
        TagSlots slots = new TagSlots(options.maxTags(), label -> registerTag(m, label));
        // registerTag reads the figures field: set it before the first sample can name a tag
        LatestFigures latest = new LatestFigures(budget, slots);
        figures = latest;
        latest.update(monitor.getStats());
        for (int heap = 0; heap < m.heapCount(); heap++) {
            registerHeap(m, latest, heap);
        }
        subscriptions.add(monitor.stats().subscribe(s -> latest.update(s.stats()), GpuMemoryMetrics::ignore));
        subscriptions.add(monitor.budgets().subscribe(b -> latest.update(b.budget()), GpuMemoryMetrics::ignore));
        if (options.eventCounters()) {
            EventCounters counters = new EventCounters(m, slots);
            subscriptions.add(monitor.events().subscribe(counters::accept, GpuMemoryMetrics::ignore));
        }
    }

    /** The streams never fail on their own; a failure of ours is not the application's problem. */
    private static void ignore(Throwable error) {
        // the gauges keep the last figures
    }

    private void registerHeap(Meters m, LatestFigures f, int heap) {
        Tags tags = m.heapTags(heap);
        m.gauge(names.used(), tags, f, x -> x.heap(heap).usedBytes(), BaseUnits.BYTES,
                "Bytes of live allocations on the heap");
        m.gauge(names.committed(), tags, f, x -> x.heap(heap).totalBytes(), BaseUnits.BYTES,
                "Bytes of VkDeviceMemory blocks on the heap");
        m.gauge(names.max(), tags, f, x -> x.heapSizeBytes(heap), BaseUnits.BYTES,
                "Heap size the allocator may use");
        m.gauge(names.budget(), tags, f, x -> x.budgetBytes(heap), BaseUnits.BYTES,
                "Heap bytes this process may use (budget)");
        m.gauge(names.usage(), tags, f, x -> x.usageBytes(heap), BaseUnits.BYTES,
                "Heap bytes this process uses (driver)");
        if (names.hasUtilization()) {
            m.gauge(names.utilization(), tags, f, x -> x.utilization(heap), "1",
                    "Usage / size of the heap, 0..1");
        }
        m.gauge(names.fragmentation(), tags, f, x -> x.heap(heap).fragmentationRatio(), "ratio",
                "Fragmentation of the heap's free space, 0..1");
        m.gauge(names.allocations(), tags, f, x -> x.heap(heap).allocationCount(), null,
                "Live allocations on the heap");
    }

    private void registerTag(Meters m, String label) {
        LatestFigures f = Objects.requireNonNull(figures);
        Tags tags = m.deviceTags().and("tag", label);
        m.gauge(names.tagUsed(), tags, f, x -> x.tagUsedBytes(label), BaseUnits.BYTES,
                "Bytes of the tag's live allocations");
        m.gauge(names.tagAllocations(), tags, f, x -> x.tagAllocations(label), null,
                "The tag's live allocations");
    }

    /** Unsubscribes from the monitor and removes this binder's meters from its registry. Idempotent. */
    @Override
    public void close() {
        bound.set(true);
        subscriptions.dispose();
        Meters m = meters;
        if (m != null) {
            m.removeAll();
        }
    }
}
