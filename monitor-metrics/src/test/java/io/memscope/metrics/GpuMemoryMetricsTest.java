package io.memscope.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.TestDevice;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The binder against a real core on the test device: every meter against getStats() / getMemoryBudget(). */
class GpuMemoryMetricsTest {
    private static final long KIB = 1024;

    /** A core whose sampler is off: samples come from sampleNow(), so the figures are known. */
    private static AllocatorCore quietCore() {
        return AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withPreferredLargeHeapBlockSize(1L << 20)
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)));
    }

    @Test
    void everyGaugeEqualsTheMonitorsFiguresAndEveryCounterItsEvents() {
        try (AllocatorCore core = quietCore()) {
            String device = core.monitor().getName();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            List<BufferAllocation> held = new ArrayList<>();
            MemoryAllocator terrain = core.allocator("Terrain");
            MemoryAllocator ui = core.allocator("UI");
            held.add(terrain.allocateBuffer(256 * KIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
            try (GpuMemoryMetrics metrics = new GpuMemoryMetrics(core.monitor())) {
                metrics.bindTo(registry);
                assertThat(gauge(registry, "gpu.memory.used", device, 0))
                        .as("figures taken at bind time, before any sample").isEqualTo(core.getStats().heaps().get(0)
                                .figures().usedBytes());
                for (int i = 0; i < 16; i++) {
                    held.add((i % 2 == 0 ? terrain : ui).allocateBuffer(64 * KIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                            MemoryUsage.GPU_ONLY));
                }
                for (int i = 1; i < held.size(); i += 4) {
                    held.get(i).close();
                }
                long allocatedAfterBind = held.subList(1, held.size()).stream()
                        .mapToLong(BufferAllocation::getAllocatedSize).sum();
                long freedBytes = 0;
                for (int i = 1; i < held.size(); i += 4) {
                    freedBytes += held.get(i).getAllocatedSize();
                }
                MemoryStats sampled = core.monitor().sampleNow();
                Await.until("the gauges show the sample", () -> gauge(registry, "gpu.memory.allocations", device, 0)
                        == sampled.heaps().get(0).figures().allocationCount()
                        && gauge(registry, "gpu.memory.tag.allocations", device, "UI") == sampled.tag("UI")
                        .allocationCount());
                MemoryStats stats = core.getStats();
                MemoryBudget budget = core.getMemoryBudget();
                assertThat(stats.total()).as("nothing changed since the sample").isEqualTo(sampled.total());
                for (HeapStats heap : stats.heaps()) {
                    int i = heap.heapIndex();
                    HeapBudget hb = budget.heap(i);
                    assertThat(gauge(registry, "gpu.memory.used", device, i)).isEqualTo(heap.figures().usedBytes());
                    assertThat(gauge(registry, "gpu.memory.committed", device, i)).isEqualTo(heap.figures().totalBytes());
                    assertThat(gauge(registry, "gpu.memory.allocations", device, i))
                            .isEqualTo(heap.figures().allocationCount());
                    assertThat(gauge(registry, "gpu.memory.fragmentation", device, i))
                            .isEqualTo(heap.figures().fragmentationRatio());
                    assertThat(gauge(registry, "gpu.memory.budget", device, i)).isEqualTo(hb.budgetBytes());
                    assertThat(gauge(registry, "gpu.memory.usage", device, i)).isEqualTo(hb.usageBytes());
                    assertThat(gauge(registry, "gpu.memory.max", device, i)).isEqualTo(hb.heapSizeBytes());
                    Gauge used = registry.get("gpu.memory.used").tag("heap", Integer.toString(i)).gauge();
                    assertThat(used.getId().getBaseUnit()).isEqualTo("bytes");
                    assertThat(used.getId().getTag("device.local")).isEqualTo(Boolean.toString(heap.deviceLocal()));
                }
                assertThat(stats.heaps().get(0).figures().fragmentationRatio()).as("freed every fourth: holes")
                        .isPositive();
                for (TagStats tag : stats.tags().values()) {
                    assertThat(gauge(registry, "gpu.memory.tag.used", device, tag.tag())).isEqualTo(tag.usedBytes());
                    assertThat(gauge(registry, "gpu.memory.tag.allocations", device, tag.tag()))
                            .isEqualTo(tag.allocationCount());
                }

                Await.until("the counters saw every allocation", () -> sum(registry, "gpu.memory.allocation.creates") == 16
                        && sum(registry, "gpu.memory.allocation.frees") == 4);
                assertThat(sum(registry, "gpu.memory.allocated")).isEqualTo(allocatedAfterBind);
                assertThat(sum(registry, "gpu.memory.freed")).isEqualTo(freedBytes);
                assertThat(registry.get("gpu.memory.allocation.creates").counters())
                        .as("per heap, every heap from the start").hasSize(stats.heaps().size())
                        .allSatisfy(c -> assertThat(c.getId().getTag("tag")).isNull());
                assertThat(registry.get("gpu.memory.tag.allocation.creates").tag("tag", "UI").counter().count())
                        .isEqualTo(8);
                assertThat(registry.get("gpu.memory.tag.allocation.creates").tag("tag", "Terrain").counter().count())
                        .as("Terrain's allocation before binding is not counted").isEqualTo(8);
                long uiBytes = held.subList(1, held.size()).stream().filter(b -> "UI".equals(b.getTag()))
                        .mapToLong(BufferAllocation::getAllocatedSize).sum();
                assertThat(registry.get("gpu.memory.tag.allocated").tag("tag", "UI").counter().count())
                        .isEqualTo(uiBytes);
                assertThat(sum(registry, "gpu.memory.tag.allocated")).isEqualTo(allocatedAfterBind);

                core.monitor().setThresholds(MonitorThresholds.defaults().withFragmentation(0.0001));
                core.monitor().sampleNow();
                DefragmentationResult result = core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
                assertThat(result.allocationsMoved()).as("the holes made moves").isPositive();
                Await.until("defragmentation counted", () -> sum(registry, "gpu.memory.defragmentations") == 1
                        && sum(registry, "gpu.memory.allocation.moves") == result.allocationsMoved());
                assertThat(sum(registry, "gpu.memory.defragmentation.moved")).isEqualTo(result.bytesMoved());
                Await.until("the crossing counted", () -> sum(registry, "gpu.memory.threshold.crossings") >= 1);
                assertThat(registry.get("gpu.memory.threshold.crossings").tag("kind", "fragmentation")
                        .tag("direction", "up").counter().count()).isEqualTo(1);
                assertThat(sum(registry, "gpu.memory.events.dropped")).isZero();
                assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("device")).isEqualTo(device));

                assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bound already");
            }
            assertThat(registry.getMeters()).as("close removes the meters").isEmpty();
            held.stream().filter(BufferAllocation::isLive).forEach(BufferAllocation::close);
        }
    }

    @Test
    void tagsBeyondTheCapShareOneLabelValue() {
        try (AllocatorCore core = quietCore()) {
            String device = core.monitor().getName();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            List<BufferAllocation> held = new ArrayList<>();
            for (String tag : List.of("A", "B", "C")) {
                held.add(core.allocator(tag).allocateBuffer(64 * KIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                        MemoryUsage.GPU_ONLY));
            }
            try (GpuMemoryMetrics metrics = new GpuMemoryMetrics(core.monitor(),
                    GpuMetricsOptions.defaults().withMaxTags(1))) {
                metrics.bindTo(registry);
                held.add(core.allocator("D").allocateBuffer(64 * KIB, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                        MemoryUsage.GPU_ONLY));
                MemoryStats stats = core.monitor().sampleNow();
                Await.until("D counted", () -> sum(registry, "gpu.memory.tag.allocation.creates") == 1);
                Await.until("the sample shown", () -> gauge(registry, "gpu.memory.tag.allocations", device,
                        GpuMetricsOptions.OTHER_TAGS) == 3);
                Set<String> labels = registry.find("gpu.memory.tag.used").gauges().stream()
                        .map(g -> g.getId().getTag("tag")).collect(Collectors.toSet());
                assertThat(labels).containsExactlyInAnyOrder("A", GpuMetricsOptions.OTHER_TAGS);
                assertThat(gauge(registry, "gpu.memory.tag.used", device, GpuMetricsOptions.OTHER_TAGS))
                        .isEqualTo(stats.tag("B").usedBytes() + stats.tag("C").usedBytes() + stats.tag("D").usedBytes());
                assertThat(registry.get("gpu.memory.tag.allocation.creates").counter().getId().getTag("tag"))
                        .isEqualTo(GpuMetricsOptions.OTHER_TAGS);
            }
            held.forEach(BufferAllocation::close);
        }
    }

    @Test
    void openTelemetryNamingUsesHwGpuMemoryAndHwId() {
        try (AllocatorCore core = quietCore();
             GpuMemoryMetrics metrics = new GpuMemoryMetrics(core.monitor(),
                     GpuMetricsOptions.defaults().withNaming(MetricNaming.OPENTELEMETRY).withEventCounters(false))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            metrics.bindTo(registry);
            MemoryBudget budget = core.getMemoryBudget();
            HeapBudget heap = budget.heap(0);
            assertThat(registry.get("hw.gpu.memory.usage").tag("hw.id", core.monitor().getName()).tag("heap", "0")
                    .gauge().value()).isEqualTo(heap.usageBytes());
            assertThat(registry.get("hw.gpu.memory.limit").tag("heap", "0").gauge().value())
                    .isEqualTo(heap.heapSizeBytes());
            assertThat(registry.get("hw.gpu.memory.utilization").tag("heap", "0").gauge().value())
                    .isEqualTo((double) heap.usageBytes() / heap.heapSizeBytes());
            assertThat(registry.find("gpu.memory.usage").meters()).isEmpty();
            assertThat(registry.find("gpu.memory.allocation.creates").meters()).as("counters off").isEmpty();
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .contains("gpu.memory.budget", "gpu.memory.fragmentation");
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("hw.id")).isNotNull());
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> GpuMetricsOptions.defaults().withMaxTags(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTags");
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String device, int heap) {
        return registry.get(name).tag("device", device).tag("heap", Integer.toString(heap)).gauge().value();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String device, String tag) {
        return registry.get(name).tag("device", device).tag("tag", tag).gauge().value();
    }

    private static double sum(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @SuppressWarnings("unused")
    private static List<Meter> meters(SimpleMeterRegistry registry) {
        return registry.getMeters();
    }
}
