package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.MonitorOptions;
import io.memscope.core.TestDevice;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryStats;
import io.memscope.samples.workloads.DynamicRendererWorkload;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the CLI's {@code /metrics} endpoint ({@link MetricsEndpoint}) while the dynamic renderer
 * workload runs on the device; its HTTP API must show the documented series and labels (docs/metrics.md), and every
 * scraped gauge value must be one of memscope's own samples at the scrape time (the latest one, or its neighbour).
 * Skipped where the {@code prometheus} binary is not installed (Debian package {@code prometheus}).
 */
class PrometheusScrapeIT {
    /** A `code` span of a Markdown table cell. */
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** Long enough that delivery to the binder (a few ms, more on a loaded 2-core machine) stays within one sample. */
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);

    /** A gauge and how to read memscope's own figure for one of its series from the samples. */
    private record StatsGauge(String name, ToDoubleFunction<MemoryFigures> figure) {
    }

    @Test
    void prometheusScrapesTheDocumentedSeriesWithMemscopesFigures(@TempDir Path dir) throws Exception {
        PrometheusServer.binary(); // skips the test before anything starts when Prometheus is not installed
        List<StatsSampled> stats = new CopyOnWriteArrayList<>();
        List<BudgetSampled> budgets = new CopyOnWriteArrayList<>();
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults().withSampleInterval(SAMPLE_INTERVAL)));
             MetricsEndpoint endpoint = MetricsEndpoint.open(InetAddress.getLoopbackAddress(), 0)) {
            Disposable statsRecorder = core.monitor().stats().subscribe(stats::add);
            Disposable budgetRecorder = core.monitor().budgets().subscribe(budgets::add);
            endpoint.serve(core.monitor());
            String device = core.monitor().getName();
            DynamicRendererWorkload workload = new DynamicRendererWorkload(core, 5);
            ScheduledExecutorService frames = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger frame = new AtomicInteger();
            frames.execute(workload::start);
            frames.scheduleAtFixedRate(() -> workload.frame(frame.getAndIncrement()), 0, 20, TimeUnit.MILLISECONDS);
            try (PrometheusServer prometheus = PrometheusServer.start(dir, "127.0.0.1:" + endpoint.port())) {
                prometheus.awaitResult("count_over_time(gpu_memory_used_bytes{heap=\"0\"}[1m])",
                        r -> r.size() == 1 && r.get(0).path("value").get(1).asDouble() >= 3);
                JsonNode targets = prometheus.get("/api/v1/targets").path("data").path("activeTargets");
                assertThat(targets).hasSize(1);
                assertThat(targets.get(0).path("health").asText()).as(targets.toString()).isEqualTo("up");

                List<StatsGauge> statsGauges = List.of(
                        new StatsGauge("gpu_memory_used_bytes", MemoryFigures::usedBytes),
                        new StatsGauge("gpu_memory_committed_bytes", MemoryFigures::totalBytes),
                        new StatsGauge("gpu_memory_allocations", MemoryFigures::allocationCount),
                        new StatsGauge("gpu_memory_fragmentation_ratio", MemoryFigures::fragmentationRatio));
                int checked = 0;
                for (StatsGauge gauge : statsGauges) {
                    for (JsonNode series : prometheus.result(gauge.name() + "[1m]")) {
                        JsonNode labels = series.path("metric");
                        assertHeapLabels(labels, device);
                        int heap = labels.path("heap").asInt();
                        checked += assertEachValueIsASample(gauge.name(), series, stats, s -> s.header().epochMillis(),
                                s -> gauge.figure().applyAsDouble(heapFigures(s.stats(), heap)));
                    }
                }
                Map<String, ToDoubleFunction<HeapBudget>> budgetGauges = Map.of(
                        "gpu_memory_budget_bytes", HeapBudget::budgetBytes,
                        "gpu_memory_usage_bytes", HeapBudget::usageBytes,
                        "gpu_memory_max_bytes", HeapBudget::heapSizeBytes);
                for (Map.Entry<String, ToDoubleFunction<HeapBudget>> gauge : budgetGauges.entrySet()) {
                    for (JsonNode series : prometheus.result(gauge.getKey() + "[1m]")) {
                        assertHeapLabels(series.path("metric"), device);
                        int heap = series.path("metric").path("heap").asInt();
                        checked += assertEachValueIsASample(gauge.getKey(), series, budgets,
                                b -> b.header().epochMillis(),
                                b -> gauge.getValue().applyAsDouble(b.budget().heap(heap)));
                    }
                }
                JsonNode tagSeries = prometheus.result("gpu_memory_tag_used_bytes[1m]");
                assertThat(tagSeries).as("a series per tag of the workload").isNotEmpty();
                for (JsonNode series : tagSeries) {
                    String tag = series.path("metric").path("tag").asText();
                    assertThat(series.path("metric").path("device").asText()).isEqualTo(device);
                    checked += assertEachValueIsASample("gpu_memory_tag_used_bytes{tag=" + tag + "}", series, stats,
                            s -> s.header().epochMillis(), s -> s.stats().tag(tag).usedBytes());
                }
                assertThat(checked).as("scraped values compared with memscope's samples").isGreaterThanOrEqualTo(3 * 8);

                JsonNode creates = prometheus.result("sum by (device, tag) (gpu_memory_tag_allocation_creates_total)");
                assertThat(creates).as("the workload allocates every frame").isNotEmpty();
                assertThat(creates.get(0).path("value").get(1).asDouble()).isPositive();
                assertThat(prometheus.result("gpu_memory_tag_allocation_creates_total").get(0).path("metric")
                        .fieldNames()).toIterable().containsExactlyInAnyOrder("__name__", "device", "tag", "job",
                                "instance");
                JsonNode createSeries = prometheus.result("gpu_memory_allocation_creates_total");
                assertThat(createSeries.get(0).path("metric").fieldNames()).toIterable()
                        .containsExactlyInAnyOrder("__name__", "device", "heap", "device_local", "job", "instance");
                for (String counter : List.of("gpu_memory_allocated_bytes_total", "gpu_memory_freed_bytes_total",
                        "gpu_memory_tag_allocated_bytes_total",
                        "gpu_memory_allocation_frees_total", "gpu_memory_defragmentations_total",
                        "gpu_memory_events_dropped_total")) {
                    assertThat(prometheus.result(counter)).as(counter).isNotEmpty();
                }

                for (String promql : documentedQueries()) { // each parses and runs; most have data by now
                    JsonNode result = prometheus.result(promql);
                    boolean mayBeEmpty = promql.contains("> gpu_memory_budget_bytes") // nothing is over budget
                            || promql.contains("threshold_crossings"); // no threshold was crossed
                    assertThat(mayBeEmpty || !result.isEmpty()).as("no data for the documented %s", promql).isTrue();
                }

                // quiet: the last scrape equals the monitor's own figures exactly
                frames.shutdown();
                assertThat(frames.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                MemoryStats now = core.monitor().sampleNow();
                long used = heapFigures(now, 0).usedBytes();
                prometheus.awaitResult("gpu_memory_used_bytes{heap=\"0\"}",
                        r -> r.size() == 1 && r.get(0).path("value").get(1).asDouble() == used);
                assertThat(core.getStats().total()).isEqualTo(now.total());
            } finally {
                frames.shutdownNow();
                frames.awaitTermination(30, TimeUnit.SECONDS);
                workload.close();
                statsRecorder.dispose();
                budgetRecorder.dispose();
            }
        }
    }

    /**
     * The PromQL that docs/metrics.md's table gives for the usual questions, and that the Grafana dashboard's panels
     * run (its variables set to "all" and a 1 m rate interval): what a user copies.
     */
    private static List<String> documentedQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../docs/metrics.md"))) {
            inTable = line.startsWith("## PromQL for the usual questions") || inTable && !line.startsWith("## ");
            if (inTable && line.startsWith("| ") && !line.startsWith("| Question") && !line.startsWith("| ---")) {
                String answer = line.substring(line.indexOf(" | ") + 3);
                Matcher code = CODE.matcher(answer);
                while (code.find()) {
                    queries.add(code.group(1));
                }
            }
        }
        assertThat(queries).as("the docs' PromQL table").hasSizeGreaterThanOrEqualTo(14);
        JsonNode dashboard = new ObjectMapper()
                .readTree(Path.of("../docs/grafana/memscope-dashboard.json").toFile());
        List<String> panels = dashboard.findValuesAsText("expr");
        assertThat(panels).as("the Grafana dashboard's queries").hasSizeGreaterThanOrEqualTo(10);
        for (String expr : panels) {
            queries.add(expr.replace("$instance", ".*").replace("$device", ".*").replace("$__rate_interval", "1m"));
        }
        return queries;
    }

    private static void assertHeapLabels(JsonNode labels, String device) {
        assertThat(labels.path("device").asText()).isEqualTo(device);
        assertThat(labels.path("heap").asText()).matches("\\d+");
        assertThat(labels.path("device_local").asText()).isIn("true", "false");
        assertThat(labels.path("job").asText()).isEqualTo("memscope");
    }

    private static MemoryFigures heapFigures(MemoryStats stats, int heap) {
        return heap < stats.heaps().size() ? stats.heaps().get(heap).figures() : MemoryFigures.EMPTY;
    }

    /**
     * Every raw point of {@code series} (Prometheus stamps it with the scrape's start) equals the figure of memscope's
     * latest sample at that time, of the one before it (still being delivered) or of the one after (taken while the
     * scrape was on its way). Returns the number of points checked.
     */
    private static <S> int assertEachValueIsASample(String what, JsonNode series, List<S> samples,
                                                    ToDoubleFunction<S> epochMillis, ToDoubleFunction<S> figure) {
        List<S> all = new ArrayList<>(samples);
        int points = 0;
        for (JsonNode point : series.path("values")) {
            double scrapeMillis = point.get(0).asDouble() * 1000;
            double value = Double.parseDouble(point.get(1).asText());
            int latest = -1;
            for (int i = 0; i < all.size(); i++) {
                if (epochMillis.applyAsDouble(all.get(i)) <= scrapeMillis) {
                    latest = i;
                }
            }
            List<Double> candidates = new ArrayList<>();
            for (int i = Math.max(0, latest - 1); i <= Math.min(all.size() - 1, latest + 1); i++) {
                candidates.add(figure.applyAsDouble(all.get(i)));
            }
            assertThat(candidates).as("%s scraped at %.0f ms: %s; memscope's samples around then", what,
                    scrapeMillis, value).contains(value);
            points++;
        }
        return points;
    }
}
