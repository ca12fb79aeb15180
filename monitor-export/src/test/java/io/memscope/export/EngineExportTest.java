package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemorySnapshot;
import io.memscope.core.MemoryUsage;
import io.memscope.core.TestDevice;
import java.io.File;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an engine does to export its snapshots with nothing but monitor-core and monitor-export: this module's
 * test classpath has no JavaFX and no dashboard, and the export works over a real device.
 */
class EngineExportTest {

    @Test
    void theClasspathHasNeitherJavaFxNorTheDashboard() {
        assertThat(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)))
                .noneMatch(entry -> entry.contains("javafx") || entry.contains("monitor-ui") || entry.contains("chartfx"));
        for (String type : List.of("javafx.application.Platform", "io.memscope.ui.MonitorWindow")) {
            assertThatThrownBy(() -> Class.forName(type)).as(type).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void anEngineExportsItsSnapshotsAsCsv(@TempDir Path dir) throws Exception {
        try (AllocatorCore core = TestDevice.newCore()) {
            BufferAllocation terrain = core.allocator("TerrainRenderer").allocateBuffer(1 << 20,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            MemorySnapshot loaded = core.monitor().takeSnapshot("level loaded");
            BufferAllocation particles = core.allocator("Particles").allocateBuffer(1 << 16,
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            MemorySnapshot playing = core.monitor().takeSnapshot("playing");
            Path file = dir.resolve("snapshots.csv");

            CsvExport.writeSnapshots(core.monitor().getSnapshots(), file);

            List<CSVRecord> rows = read(file);
            assertThat(rows).extracting(r -> r.get("description")).containsExactly("level loaded", "playing");
            assertThat(rows).extracting(r -> Long.parseLong(r.get("used_bytes")))
                    .containsExactly(loaded.stats().usedBytes(), playing.stats().usedBytes());
            assertThat(read(CsvExport.tagsFileFor(file))).extracting(r -> r.get("snapshot_id") + " " + r.get("tag"))
                    .containsExactly(loaded.id() + " TerrainRenderer", playing.id() + " Particles",
                            playing.id() + " TerrainRenderer");
            particles.close();
            terrain.close();
        }
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }
}
