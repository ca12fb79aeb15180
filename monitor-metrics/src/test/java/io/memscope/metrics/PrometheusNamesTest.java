package io.memscope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocatorCore;
import io.memscope.core.TestDevice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The names docs/metrics.md promises, as a real PrometheusMeterRegistry writes them. */
class PrometheusNamesTest {
    @Test
    void theScrapeHasTheDocumentedNamesAndLabels() {
        try (AllocatorCore core = TestDevice.newCore();
             GpuMemoryMetrics metrics = new GpuMemoryMetrics(core.monitor())) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics.bindTo(registry);
            try (var buffer = core.allocator("Terrain").allocateBuffer(1 << 20,
                    org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, io.memscope.core.MemoryUsage.GPU_ONLY)) {
                Await.until("counted", () -> registry.scrape().contains("gpu_memory_tag_allocation_creates_total{"));
                String scrape = registry.scrape();
                String heap0 = "device=\"" + core.monitor().getName() + "\",device_local=\"";
                for (String gauge : new String[] {"gpu_memory_used_bytes", "gpu_memory_committed_bytes",
                        "gpu_memory_max_bytes", "gpu_memory_budget_bytes", "gpu_memory_usage_bytes",
                        "gpu_memory_fragmentation_ratio", "gpu_memory_allocations"}) {
                    assertThat(scrape).contains("# TYPE " + gauge + " gauge").contains(gauge + "{" + heap0);
                    assertThat(scrape).containsPattern("(?m)^" + gauge + "\\{device=\"[^\"]+\",device_local=\"(true"
                            + "|false)\",heap=\"0\"} ");
                }
                assertThat(scrape).contains("# TYPE gpu_memory_tag_used_bytes gauge",
                        "gpu_memory_tag_used_bytes{device=\"" + core.monitor().getName() + "\",tag=\"Terrain\"}",
                        "gpu_memory_tag_allocations{", "# TYPE gpu_memory_allocation_creates_total counter",
                        "gpu_memory_allocated_bytes_total{", "gpu_memory_freed_bytes_total{",
                        "gpu_memory_allocation_frees_total{", "gpu_memory_defragmentations_total{",
                        "gpu_memory_defragmentation_moved_bytes_total{", "gpu_memory_events_dropped_total{");
                assertThat(scrape).containsPattern("gpu_memory_allocation_creates_total\\{device=\"[^\"]+\","
                        + "device_local=\"(true|false)\",heap=\"\\d+\"} 1.0");
                assertThat(scrape).containsPattern("gpu_memory_tag_allocation_creates_total\\{device=\"[^\"]+\","
                        + "tag=\"Terrain\"} 1.0");
                assertThat(scrape).containsPattern("gpu_memory_tag_allocated_bytes_total\\{device=\"[^\"]+\","
                        + "tag=\"Terrain\"} " + (double) buffer.getAllocatedSize());
            }
        }
    }
}
