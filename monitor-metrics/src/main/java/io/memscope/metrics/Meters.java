package io.memscope.metrics;

import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Registers the binder's meters in one registry with the device's and the heaps' labels, and remembers them so
 * {@link #removeAll()} can take them out again. Thread-safe (Micrometer's registration is).
 */
final class Meters {
    private final MeterRegistry registry;
    private final Names names;
    private final Tags device;
    private final Tags[] heaps;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private volatile boolean removed;

    Meters(MeterRegistry registry, Names names, String deviceName, MemoryBudget budget) {
        this.registry = registry;
        this.names = names;
        this.device = Tags.of(names.deviceKey(), deviceName);
        List<HeapBudget> list = budget.heaps();
        this.heaps = new Tags[Math.max(1, list.size())];
        for (int i = 0; i < heaps.length; i++) {
            boolean local = i < list.size() && list.get(i).deviceLocal();
            heaps[i] = device.and("heap", Integer.toString(i), "device.local", Boolean.toString(local));
        }
    }

    Names names() {
        return names;
    }

    int heapCount() {
        return heaps.length;
    }

    /** device, heap and device.local. */
    Tags heapTags(int heap) {
        return heaps[heap];
    }

    Tags deviceTags() {
        return device;
    }

    <T> void gauge(String name, Tags tags, T source, ToDoubleFunction<T> value, @Nullable String unit,
                   String description) {
        keep(Gauge.builder(name, source, value).tags(tags).baseUnit(unit).description(description)
                .strongReference(true).register(registry));
    }

    /** A counter with the device label and {@code tags}. */
    Counter counter(String name, Tags tags, @Nullable String unit, String description) {
        Counter counter = Counter.builder(name).tags(device.and(tags)).baseUnit(unit).description(description)
                .register(registry);
        keep(counter);
        return counter;
    }

    /** Remembers {@code meter} for {@link #removeAll()}; removes it at once if that ran already (a late tag). */
    private void keep(Meter meter) {
        registered.add(meter);
        if (removed) {
            removeAll();
        }
    }

    void removeAll() {
        removed = true;
        for (Meter meter : registered) {
            registry.remove(meter);
            registered.remove(meter);
        }
    }
}
