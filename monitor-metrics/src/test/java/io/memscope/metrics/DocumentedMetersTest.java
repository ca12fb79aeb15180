package io.memscope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.MonitorThresholds;
import io.memscope.core.TestDevice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Written from docs/metrics.md alone: every meter its tables name is in a Prometheus scrape with exactly the labels
 * the table gives, and the scrape has no gpu_memory series the docs do not name.
 */
class DocumentedMetersTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(gpu_memory_[a-z_]+)` \\[`([a-z.]+)`] \\| ([^|]+) \\|");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SERIES = Pattern.compile("(?m)^(gpu_memory_[a-z_]+)\\{([^}]*)} ");

    @Test
    void everyDocumentedMeterIsScrapedWithItsDocumentedLabels() throws IOException {
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../docs/metrics.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), Arrays.stream(row.group(3).split(","))
                        .map(String::strip).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        assertThat(documented).as("the docs' tables").hasSizeGreaterThanOrEqualTo(18);

        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)));
             GpuMemoryMetrics metrics = new GpuMemoryMetrics(core.monitor())) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics.bindTo(registry);
            try (BufferAllocation buffer = core.allocator("Docs").allocateBuffer(1 << 16,
                    org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY)) {
                core.monitor().setThresholds(MonitorThresholds.defaults().withUsageWarning(1e-9));
                core.monitor().sampleNow();
                Await.until("a crossing and an allocation counted", () -> registry.scrape()
                        .contains("gpu_memory_threshold_crossings_total{") && registry.scrape()
                        .contains("gpu_memory_tag_used_bytes{"));
            }
            Map<String, Set<String>> scraped = new LinkedHashMap<>();
            Matcher series = SERIES.matcher(registry.scrape());
            while (series.find()) {
                Set<String> labels = new TreeSet<>();
                Matcher label = LABEL.matcher(series.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
                Set<String> before = scraped.putIfAbsent(series.group(1), labels);
                assertThat(before == null || before.equals(labels)).as("one label set per name: %s", series.group(1))
                        .isTrue();
            }
            assertThat(scraped.keySet()).as("scraped names = documented names")
                    .containsExactlyInAnyOrderElementsOf(documented.keySet());
            for (Map.Entry<String, Set<String>> meter : documented.entrySet()) {
                assertThat(scraped.get(meter.getKey())).as(meter.getKey()).isEqualTo(meter.getValue());
            }
        }
    }

    @SuppressWarnings("unused")
    private static List<String> names(Map<String, Set<String>> meters) {
        return List.copyOf(meters.keySet());
    }
}
