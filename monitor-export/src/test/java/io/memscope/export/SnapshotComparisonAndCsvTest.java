package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot comparison and CSV export over real snapshots of a real device. */
class SnapshotComparisonAndCsvTest {

    @Test
    void comparisonGivesDeltasPerFigureAndTagAndTheAllocationsAddedAndRemoved(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            BufferAllocation kept = core.allocator("Terrain").allocateBuffer(1 << 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            BufferAllocation gone = core.allocator("Ui").allocateBuffer(1 << 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            MemorySnapshot before = core.monitor().takeSnapshot("before, with \"quotes\", and commas");
            gone.close();
            BufferAllocation added = core.allocator("Terrain").allocateBuffer(BufferRequest.of(1 << 18,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY).named("lod 1"));
            MemorySnapshot after = core.monitor().takeSnapshot("after");

            SnapshotComparison comparison = SnapshotComparison.of(before, after);
            assertThat(comparison.added()).extracting(i -> i.id()).containsExactly(added.getId());
            assertThat(comparison.removed()).extracting(i -> i.id()).containsExactly(gone.getId());
            assertThat(comparison.tag("Terrain").usedChange()).isEqualTo(added.getAllocatedSize());
            assertThat(comparison.tag("Terrain").countChange()).isEqualTo(1);
            assertThat(comparison.tag("Ui").countChange()).isEqualTo(-1);
            assertThat(comparison.figure("Allocations").change()).isZero();
            assertThat(comparison.figure("Used").change())
                    .isEqualTo((double) added.getAllocatedSize() - gone.getAllocatedSize());
            assertThat(comparison.describe()).contains("allocations added: 1, removed: 1").contains("Terrain");

            Path snapshotsCsv = dir.resolve("snapshots.csv");
            CsvExport.writeSnapshots(List.of(before, after), snapshotsCsv);
            List<CSVRecord> rows = read(snapshotsCsv);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("description")).isEqualTo("before, with \"quotes\", and commas");
            assertThat(Long.parseLong(rows.get(1).get("used_bytes"))).isEqualTo(after.stats().usedBytes());
            assertThat(rows.get(1).get("taken_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(read(dir.resolve("snapshot_tags.csv"))).filteredOn(r -> r.get("snapshot_id").equals(String.valueOf(after.id())))
                    .filteredOn(r -> r.get("tag").equals("Terrain")).singleElement()
                    .satisfies(r -> assertThat(r.get("used_bytes")).isEqualTo(String.valueOf(after.tags().get("Terrain").usedBytes())));

            Path allocationsCsv = dir.resolve("allocations.csv");
            CsvExport.writeAllocations(core.monitor().getLiveAllocations(), allocationsCsv);
            List<CSVRecord> allocations = read(allocationsCsv);
            assertThat(allocations).extracting(r -> Long.parseLong(r.get("id"))).containsExactly(kept.getId(), added.getId());
            assertThat(allocations.get(1).get("name")).isEqualTo("lod 1");
            assertThat(allocations.get(1).get("size_bytes")).isEqualTo(String.valueOf(1 << 18));
            assertThat(Files.readAllLines(allocationsCsv).get(0)).isEqualTo(String.join(",", CsvExport.ALLOCATION_COLUMNS));
            kept.close();
            added.close();
        }
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }
}
