package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.TagStats;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link CsvExport} writes for hostile names and tags, and how its files fail, over a real device. */
class CsvExportTest {
    private static final String FORMULA_TAG = "=HYPERLINK(\"http://example.invalid\",\"click\")";
    private static final List<String> HOSTILE_NAMES = List.of("+SUM(1,2)", "-2+3", "@cmd", "\tTab first", "\rCR first",
            "'=already quoted", "''-two quotes", "-5", "'plain quote", "lod 1, with comma", "");

    @Test
    void textCellsThatStartLikeAFormulaGetAQuoteInFrontAndAreQuotedAndRecoverable(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            List<BufferAllocation> buffers = new ArrayList<>();
            for (String name : HOSTILE_NAMES) {
                buffers.add(core.allocator(FORMULA_TAG).allocateBuffer(BufferRequest.of(4096,
                        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).named(name)));
            }
            MemorySnapshot snapshot = core.monitor().takeSnapshot("=1+2");
            Path allocations = dir.resolve("allocations.csv");
            Path snapshots = dir.resolve("snapshots.csv");
            CsvExport.writeAllocations(core.monitor().getLiveAllocations(), allocations);
            CsvExport.writeSnapshots(List.of(snapshot), snapshots);

            List<CSVRecord> rows = read(allocations);
            assertThat(rows).extracting(r -> CsvCells.original(r.get("name"))).containsExactlyElementsOf(HOSTILE_NAMES);
            assertThat(rows).extracting(r -> CsvCells.original(r.get("tag"))).containsOnly(FORMULA_TAG);
            assertThat(rows.get(0).get("name")).isEqualTo("'+SUM(1,2)");
            assertThat(rows.get(5).get("name")).isEqualTo("''=already quoted");
            assertThat(rows.get(7).get("name")).as("a name is text, even when it looks like a number").isEqualTo("'-5");
            assertThat(rows.get(8).get("name")).as("nothing to neutralise").isEqualTo("'plain quote");
            assertThat(Files.readString(allocations)).contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")\",")
                    .contains(",\"'-2+3\",");
            assertThat(read(snapshots).get(0).get("description")).isEqualTo("'=1+2");
            assertThat(read(CsvExport.tagsFileFor(snapshots)).get(0).get("tag")).isEqualTo("'" + FORMULA_TAG);
            for (Path file : List.of(allocations, snapshots, CsvExport.tagsFileFor(snapshots))) {
                assertNoCellStartsLikeAFormula(file);
            }
            buffers.forEach(BufferAllocation::close);
        }
    }

    @Test
    void anUnpairedSurrogateInANameIsWrittenAsTheReplacementCharacter(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            BufferAllocation buffer = core.allocator("Terrain").allocateBuffer(BufferRequest.of(4096,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).named("broken \uD800 name"));
            Path file = dir.resolve("allocations.csv");

            CsvExport.writeAllocations(core.monitor().getLiveAllocations(), file);

            List<CSVRecord> rows = parse(AtomicFilesTest.strictUtf8(file));
            assertThat(rows).singleElement().satisfies(r -> assertThat(r.get("name")).isEqualTo("broken \uFFFD name"));
            assertThat(AtomicFilesTest.files(dir)).containsExactly(file);
            buffer.close();
        }
    }

    @Test
    void anExportThatFailsHalfWayLeavesThePreviousFileAsItWas(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                buffers.add(core.allocator("Terrain").allocateBuffer(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
            }
            Path file = dir.resolve("allocations.csv");
            CsvExport.writeAllocations(core.monitor().getLiveAllocations(), file);
            String previous = Files.readString(file);
            List<AllocationInfo> breaksHalfWay = new ArrayList<>(core.monitor().getLiveAllocations());
            breaksHalfWay.set(1500, null); // the row writer fails there, after ~150 KB of rows

            assertThatThrownBy(() -> CsvExport.writeAllocations(breaksHalfWay, file)).isInstanceOf(NullPointerException.class);

            assertThat(Files.readString(file)).isEqualTo(previous);
            assertThat(AtomicFilesTest.files(dir)).containsExactly(file);
            buffers.forEach(BufferAllocation::close);
        }
    }

    @Test
    void tagsGoToALongFormFileThatParsesBackWhateverTheTagsContain(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            BufferAllocation a = core.allocator("a;b=c").allocateBuffer(1 << 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            BufferAllocation b = core.allocator("x=1;y=2").allocateBuffer(1 << 12, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            MemorySnapshot first = core.monitor().takeSnapshot("both");
            b.close();
            MemorySnapshot second = core.monitor().takeSnapshot("one");
            Path snapshots = dir.resolve("snapshots.csv");

            CsvExport.writeSnapshots(List.of(first, second), snapshots);

            assertThat(Files.readAllLines(snapshots).get(0)).isEqualTo(String.join(",", CsvExport.SNAPSHOT_COLUMNS));
            Path tags = dir.resolve("snapshot_tags.csv");
            assertThat(Files.readAllLines(tags).get(0)).isEqualTo(String.join(",", CsvExport.SNAPSHOT_TAG_COLUMNS));
            List<CSVRecord> rows = read(tags);
            List<String> expected = new ArrayList<>();
            for (MemorySnapshot s : List.of(first, second)) {
                for (TagStats t : s.tags().values()) {
                    expected.add(s.id() + "|" + t.tag() + "|" + t.allocationCount() + "|" + t.usedBytes() + "|"
                            + t.requestedBytes() + "|" + t.bufferCount() + "|" + t.imageCount());
                }
            }
            assertThat(rows).extracting(r -> String.join("|", r.get("snapshot_id"), CsvCells.original(r.get("tag")),
                    r.get("allocation_count"), r.get("used_bytes"), r.get("requested_bytes"), r.get("buffer_count"),
                    r.get("image_count"))).containsExactlyElementsOf(expected);
            assertThat(expected).hasSize(3).anyMatch(e -> e.startsWith(first.id() + "|x=1;y=2|1|"));
            a.close();
        }
    }

    @Test
    void timesAreMillisecondIsoInstantsInUtc(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemorySnapshot real = core.monitor().takeSnapshot("real");
            Function<Instant, MemorySnapshot> at = t -> new MemorySnapshot(real.id(), t, real.monotonicNanos(),
                    real.description(), real.stats(), real.budget(), real.allocations());
            Path file = dir.resolve("snapshots.csv");

            CsvExport.writeSnapshots(List.of(at.apply(Instant.parse("2026-11-24T09:41:07.123456789Z")),
                    at.apply(Instant.parse("2026-11-24T09:41:08Z")), real), file);

            List<CSVRecord> rows = read(file);
            assertThat(rows.get(0).get("taken_at")).isEqualTo("2026-11-24T09:41:07.123Z");
            assertThat(rows.get(1).get("taken_at")).isEqualTo("2026-11-24T09:41:08.000Z");
            assertThat(rows.get(2).get("taken_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
    }

    @Test
    void theTagsFileIsNamedAfterTheSnapshotsFile() {
        Path dir = Path.of("out");
        assertThat(CsvExport.tagsFileFor(dir.resolve("snapshots.csv"))).isEqualTo(dir.resolve("snapshot_tags.csv"));
        assertThat(CsvExport.tagsFileFor(dir.resolve("terrain.CSV"))).isEqualTo(dir.resolve("terrain_tags.csv"));
        assertThat(CsvExport.tagsFileFor(dir.resolve("run"))).isEqualTo(dir.resolve("run_tags.csv"));
        assertThat(CsvExport.tagsFileFor(Path.of("snapshots.csv"))).isEqualTo(Path.of("snapshot_tags.csv"));
    }

    /** Every cell that a spreadsheet would run as a formula is a number (the files have no negative ones). */
    private static void assertNoCellStartsLikeAFormula(Path file) throws Exception {
        for (CSVRecord row : read(file)) {
            for (String cell : row) {
                if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                    assertThat(cell).as(file.getFileName() + " row " + row.getRecordNumber()).matches("-?[0-9.Ee-]+");
                }
            }
        }
    }

    static List<CSVRecord> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    private static List<CSVRecord> parse(String text) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    }
}
