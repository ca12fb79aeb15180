package io.memscope.export.capture;

import static io.memscope.export.capture.CaptureReaderTest.buffer;
import static io.memscope.export.capture.CaptureReaderTest.coreWithTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.CaptureOptions;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MonitorOptions;
import io.memscope.core.TestDevice;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.export.CsvExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One capture recorded on the real device, exported as Chrome trace JSON and CSV, the output read back: every
 * allocation once with its figures, lanes that never overlap and are as few as the tag's peak of live allocations,
 * counters equal to the captured samples, live-at-end marks, a forced split, and the CSV files equal to
 * {@link CsvExport}'s of the capture's snapshots.
 */
class PerfettoExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static CaptureReader reader;
    static int core;
    static String terrain;
    static long liveBefore;

    @BeforeAll
    static void record() throws Exception {
        terrain = "Terrain-" + System.nanoTime();
        Path file = dir.resolve("export.jfr");
        try (AllocatorCore c = TestDevice.newCore()) {
            MemoryAllocator t = c.allocator(terrain);
            MemoryAllocator staging = c.allocator("Staging \"quoted\" \u00e9\t");
            BufferAllocation before = buffer(t, 4096, "before the capture");
            liveBefore = before.getId();
            c.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> live = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 60; i++) {
                    live.add(buffer(i % 3 == 0 ? staging : t, 1024L * (i + 1), "r" + round + "-" + i));
                }
                for (int i = 0; i < 25; i++) {
                    live.remove((round * 7 + i * 3) % live.size()).close();
                }
                Thread.sleep(250); // the sampler publishes stats and budget meanwhile
                c.monitor().takeSnapshot("round " + round);
            }
            c.monitor().defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
            Thread.sleep(250);
            c.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
            before.close();
        }
        reader = CaptureReader.open(file);
        core = coreWithTag(reader, terrain);
    }

    /** Every allocation of the core in the capture: the first state's and every created one. */
    static Set<Long> allocationIds() {
        Set<Long> ids = new HashSet<>();
        reader.stateAtSequence(core, 0).allocations().forEach(a -> ids.add(a.id()));
        for (MemoryEvent e : reader.events(core)) {
            if (e instanceof AllocationCreated c) {
                ids.add(c.allocation().id());
            }
        }
        return ids;
    }

    static List<JsonNode> events(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.get("otherData").get("generator").asText()).isEqualTo("memscope");
        List<JsonNode> out = new ArrayList<>();
        root.get("traceEvents").forEach(out::add);
        return out;
    }

    static Stream<JsonNode> ofCore(List<JsonNode> events, String ph) {
        return events.stream().filter(e -> e.get("ph").asText().equals(ph) && e.get("pid").asInt() == core);
    }

    @Test
    void everyAllocationAppearsOnceWithItsFiguresOnLanesThatNeverOverlap() throws IOException {
        Path out = dir.resolve("trace.json");
        PerfettoExport.Result result = PerfettoExport.write(reader, out);
        assertThat(result.files()).hasSize(1);
        List<JsonNode> events = events(out);

        Map<Long, JsonNode> byId = new HashMap<>();
        ofCore(events, "X").filter(e -> e.get("cat").asText().equals("allocation")).forEach(e -> {
            JsonNode previous = byId.put(e.get("args").get("id").asLong(), e);
            assertThat(previous).as("a second event for %s", e).isNull();
        });
        assertThat(byId.keySet()).isEqualTo(allocationIds());

        Map<Long, AllocationInfo> infos = new HashMap<>();
        reader.stateAtSequence(core, 0).allocations().forEach(a -> infos.put(a.id(), a));
        reader.events(core).forEach(e -> {
            if (e instanceof AllocationCreated c) {
                infos.put(c.allocation().id(), c.allocation());
            }
        });
        Set<Long> liveAtEnd = new HashSet<>();
        reader.stateAtSequence(core, Long.MAX_VALUE).allocations().forEach(a -> liveAtEnd.add(a.id()));
        assertThat(liveAtEnd).as("allocations still live when the capture stopped").isNotEmpty();
        Map<Integer, String> laneNames = new HashMap<>();
        ofCore(events, "M").filter(e -> e.get("name").asText().equals("thread_name"))
                .forEach(e -> laneNames.put(e.get("tid").asInt(), e.get("args").get("name").asText()));
        for (Map.Entry<Long, JsonNode> entry : byId.entrySet()) {
            AllocationInfo a = infos.get(entry.getKey());
            JsonNode args = entry.getValue().get("args");
            assertThat(args.get("tag").asText()).isEqualTo(a.tag());
            assertThat(args.get("size_bytes").asLong()).isEqualTo(a.sizeBytes());
            assertThat(args.get("allocated_bytes").asLong()).isEqualTo(a.allocatedBytes());
            assertThat(args.get("memory_type").asInt()).isEqualTo(a.memoryTypeIndex());
            assertThat(args.get("block").asText()).isEqualTo("0x" + Long.toHexString(a.deviceMemory()));
            assertThat(args.get("offset").asLong()).isEqualTo(a.offset());
            assertThat(entry.getValue().get("name").asText()).isEqualTo(a.name());
            assertThat(args.path("live_at_end").asBoolean(false)).as("live at end: %s", a)
                    .isEqualTo(liveAtEnd.contains(a.id()));
            assertThat(laneNames.get(entry.getValue().get("tid").asInt())).startsWith(a.tag());
        }
        assertThat(byId.get(liveBefore).get("args").get("live_at_start").asBoolean()).isTrue();

        Map<Integer, List<JsonNode>> lanes = new TreeMap<>();
        byId.values().forEach(e -> lanes.computeIfAbsent(e.get("tid").asInt(), k -> new ArrayList<>()).add(e));
        for (List<JsonNode> lane : lanes.values()) {
            lane.sort(Comparator.comparing((JsonNode x) -> x.get("ts").decimalValue())
                    .thenComparing(x -> x.get("dur").decimalValue())); // a zero-length life before one starting then
            for (int i = 1; i < lane.size(); i++) {
                assertThat(lane.get(i).get("ts").decimalValue())
                        .isGreaterThanOrEqualTo(lane.get(i - 1).get("ts").decimalValue().add(lane.get(i - 1).get("dur").decimalValue()));
            }
        }
        Map<String, Set<Integer>> lanesPerTag = new HashMap<>();
        byId.values().forEach(e -> lanesPerTag.computeIfAbsent(e.get("args").get("tag").asText(), k -> new HashSet<>())
                .add(e.get("tid").asInt()));
        assertThat(lanesPerTag.get(terrain)).as("lanes of %s", terrain).hasSize(peakLive(terrain));

        assertThat(ofCore(events, "X").filter(e -> e.get("cat").asText().equals("defragmentation")))
                .anyMatch(e -> e.get("name").asText().equals("defragmentation (FULL)"));
        assertThat(ofCore(events, "i").map(e -> e.get("name").asText())).contains("snapshot 1: round 0");
        assertThat(events).noneMatch(e -> e.get("name").asText().equals(TraceModel.LOST));
        System.out.printf("export: %d allocations, %d B of JSON, %.0f B per allocation, %d ms%n", result.allocations(),
                result.files().get(0).bytes(), (double) result.files().get(0).bytes() / result.allocations(),
                result.nanos() / 1_000_000);
    }

    /**
     * The most allocations of {@code tag} live at once, counted in event order from the capture's first state (the
     * clock of allocations has about 1 ms resolution, so times alone cannot tell a free from a creation in the same
     * millisecond).
     */
    static int peakLive(String tag) {
        int live = (int) reader.stateAtSequence(core, 0).allocations().stream().filter(a -> a.tag().equals(tag)).count();
        int peak = live;
        for (MemoryEvent e : reader.events(core)) {
            if (e instanceof AllocationCreated c && c.allocation().tag().equals(tag)) {
                peak = Math.max(peak, ++live);
            } else if (e instanceof AllocationFreed f && f.allocation().tag().equals(tag)) {
                live--;
            }
        }
        return peak;
    }

    @Test
    void countersEqualTheCapturedSamples() throws IOException {
        Path out = dir.resolve("counters.json");
        PerfettoExport.write(reader, out);
        List<JsonNode> events = events(out);
        List<StatsSampled> stats = reader.events(core).stream().filter(StatsSampled.class::isInstance)
                .map(StatsSampled.class::cast).toList();
        List<BudgetSampled> budgets = reader.events(core).stream().filter(BudgetSampled.class::isInstance)
                .map(BudgetSampled.class::cast).toList();
        assertThat(stats).as("stats samples in the capture").hasSizeGreaterThan(2);
        assertThat(budgets).as("budget samples in the capture").hasSizeGreaterThan(2);

        assertThat(series(events, "device", "used_bytes")).containsExactlyElementsOf(
                stats.stream().map(s -> (double) s.stats().usedBytes()).toList());
        assertThat(series(events, "device", "block_bytes")).containsExactlyElementsOf(
                stats.stream().map(s -> (double) s.stats().totalBytes()).toList());
        assertThat(series(events, "device", "budget_bytes")).containsExactlyElementsOf(
                budgets.stream().map(b -> (double) b.budget().budgetBytes()).toList());
        assertThat(series(events, "fragmentation", "device_percent")).containsExactlyElementsOf(
                stats.stream().map(s -> s.stats().fragmentationRatio() * 100).toList());
        String heap0 = ofCore(events, "C").map(e -> e.get("name").asText()).filter(n -> n.startsWith("heap 0"))
                .findFirst().orElseThrow();
        assertThat(series(events, heap0, "used_bytes")).containsExactlyElementsOf(
                stats.stream().map(s -> (double) s.stats().heaps().get(0).figures().usedBytes()).toList());
        List<Double> tagUsed = stats.stream().dropWhile(s -> !s.stats().tags().containsKey(terrain))
                .map(s -> (double) s.stats().tag(terrain).usedBytes()).toList();
        assertThat(tagUsed).isNotEmpty();
        assertThat(series(events, "tag " + terrain, "used_bytes")).containsExactlyElementsOf(tagUsed);
    }

    @Test
    void aCoreWithoutSamplesGetsItsUsedBytesCountersRebuiltFromItsAllocations(@TempDir Path own) throws Exception {
        Path file = own.resolve("unsampled.jfr");
        String tag = "Unsampled-" + System.nanoTime();
        try (AllocatorCore c = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)))) {
            MemoryAllocator allocator = c.allocator(tag);
            c.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> live = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                live.add(buffer(allocator, 4096L * (i + 1), "u" + i));
            }
            for (int i = 0; i < 15; i++) {
                live.remove(i).close();
            }
            c.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
        }
        CaptureReader unsampled = CaptureReader.open(file);
        int id = coreWithTag(unsampled, tag);
        assertThat(unsampled.nonAllocationEvents(id)).noneMatch(StatsSampled.class::isInstance);
        Path out = own.resolve("unsampled.json");
        PerfettoExport.write(unsampled, out);
        JsonNode root = JSON.readTree(out.toFile());
        assertThat(root.get("otherData").get("counters").asText()).contains("rebuilt");
        List<JsonNode> counters = new ArrayList<>();
        root.get("traceEvents").forEach(e -> {
            if (e.get("ph").asText().equals("C") && e.get("pid").asInt() == id) {
                counters.add(e);
            }
        });
        List<AllocationInfo> atEnd = unsampled.stateAtSequence(id, Long.MAX_VALUE).allocations();
        long used = atEnd.stream().mapToLong(AllocationInfo::allocatedBytes).sum();
        long requested = atEnd.stream().mapToLong(AllocationInfo::sizeBytes).sum();
        assertThat(used).isPositive();
        assertThat(lastOf(counters, "device", "used_bytes")).isEqualTo(used);
        assertThat(lastOf(counters, "tag " + tag, "used_bytes")).isEqualTo(used);
        assertThat(lastOf(counters, "tag " + tag, "requested_bytes")).isEqualTo(requested);
        assertThat(counters.stream().filter(e -> e.get("name").asText().equals("device")).map(e -> e.get("ts")
                .decimalValue()).toList()).as("at most one device counter per 10 ms, in time order").isSorted();
    }

    private static long lastOf(List<JsonNode> counters, String name, String key) {
        return counters.stream().filter(e -> e.get("name").asText().equals(name) && e.get("args").has(key))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no counter " + name)).get("args").get(key)
                .asLong();
    }

    static List<Double> series(List<JsonNode> events, String name, String key) {
        return ofCore(events, "C").filter(e -> e.get("name").asText().equals(name) && e.get("args").has(key))
                .map(e -> e.get("args").get(key).asDouble()).toList();
    }

    @Test
    void aForcedSplitGivesFilesThatEachParseAndTogetherHoldEveryAllocationOnce() throws IOException {
        Path out = dir.resolve("split.json");
        Files.writeString(PerfettoExport.part(out, 99), "stale"); // not a neighbour: left alone
        Path wholeFile = dir.resolve("whole.json");
        long whole = PerfettoExport.write(reader, wholeFile).files().get(0).bytes();
        long naming = events(wholeFile).stream().filter(e -> e.get("ph").asText().equals("M"))
                .mapToLong(e -> e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2).sum();
        long limit = naming + (whole - naming) / 4; // every part repeats the naming, then a quarter of the rest
        PerfettoExport.Result result = PerfettoExport.write(reader, out, limit);
        assertThat(result.files()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(result.files().get(0).path()).isEqualTo(out.toAbsolutePath());
        assertThat(result.files().get(1).path().getFileName()).hasToString("split-2.json");
        Map<Long, Integer> seen = new HashMap<>();
        for (PerfettoExport.WrittenFile f : result.files()) {
            assertThat(Files.size(f.path())).isEqualTo(f.bytes()).isLessThanOrEqualTo(limit);
            List<JsonNode> events = events(f.path());
            assertThat(events).hasSize(f.traceEvents());
            assertThat(ofCore(events, "M")).as("naming in every part").isNotEmpty();
            ofCore(events, "X").filter(e -> e.get("cat").asText().equals("allocation"))
                    .forEach(e -> seen.merge(e.get("args").get("id").asLong(), 1, Integer::sum));
        }
        assertThat(seen.keySet()).isEqualTo(allocationIds());
        assertThat(seen.values()).containsOnly(1);

        PerfettoExport.Result fewer = PerfettoExport.write(reader, out, whole * 2 / 3);
        assertThat(fewer.files().size()).isLessThan(result.files().size());
        assertThat(PerfettoExport.part(out, fewer.files().size() + 1)).as("a stale part of the first export").doesNotExist();
        assertThat(PerfettoExport.part(out, 99)).exists();
        assertThatThrownBy(() -> PerfettoExport.write(reader, out, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCsvFilesEqualCsvExportOfTheCapturedSnapshots() throws IOException {
        Path csv = Files.createDirectories(dir.resolve("csv"));
        List<CaptureCsv.Written> written = CaptureCsv.writeSnapshots(reader, csv);
        Path expected = Files.createDirectories(dir.resolve("expected"));
        List<SnapshotTaken> taken = reader.events(core).stream().filter(SnapshotTaken.class::isInstance)
                .map(SnapshotTaken.class::cast).toList();
        List<MemorySnapshot> snapshots = taken.stream().map(SnapshotTaken::snapshot).toList();
        assertThat(snapshots).extracting(MemorySnapshot::description).containsExactly("round 0", "round 1", "round 2");
        if (reader.cores().size() == 1) {
            CsvExport.writeSnapshots(snapshots, expected.resolve("snapshots.csv"));
            assertThat(csv.resolve("snapshots.csv")).hasSameBinaryContentAs(expected.resolve("snapshots.csv"));
            assertThat(csv.resolve("snapshot_tags.csv")).hasSameBinaryContentAs(expected.resolve("snapshot_tags.csv"));
        }
        String prefix = reader.cores().size() > 1 ? "core-" + core + "-" : "";
        for (MemorySnapshot s : snapshots) {
            Path mine = csv.resolve(prefix + "snapshot-" + s.id() + "-allocations.csv");
            Path theirs = expected.resolve("a-" + s.id() + ".csv");
            CsvExport.writeAllocations(s.allocations(), theirs);
            assertThat(mine).hasSameBinaryContentAs(theirs);
            assertThat(written).extracting(CaptureCsv.Written::path).contains(mine);
        }

        java.time.Instant at = reader.timeOf(core, taken.get(1));
        List<CaptureCsv.Written> atFiles = CaptureCsv.writeAllocationsAt(reader, csv, at);
        Path theirs = expected.resolve("at.csv");
        CsvExport.writeAllocations(reader.stateAt(core, at).allocations(), theirs);
        Path mine = atFiles.stream().map(CaptureCsv.Written::path)
                .filter(p -> p.getFileName().toString().startsWith(prefix + "allocations-at-")).findFirst().orElseThrow();
        assertThat(mine).hasSameBinaryContentAs(theirs);
    }
}
