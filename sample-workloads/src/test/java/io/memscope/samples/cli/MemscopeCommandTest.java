package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemscopeCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MemscopeCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void tourRunsEverySeedExampleAndEndsWithoutLeaks() {
        Run run = run("tour", "--seed", "7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("1 MeshLoader", "uploaded via staging and verified")
                .contains("2 TextureLoader", "10 mip levels")
                .contains("3 SceneLoader", "120 buffers in one batch")
                .contains("4 DynamicRenderer")
                .contains("5 BufferManager   Vertex")
                .contains("6 TerrainRenderer", "in 128 MiB blocks")
                .contains("=== memscope detailed statistics")
                .contains("Leaks at exit: 0");
        for (String tag : new String[] {"MeshLoader", "TextureLoader", "SceneLoader", "DynamicRenderer", "BufferManager", "TerrainRenderer"}) {
            assertThat(run.out()).containsPattern("(?m)^  " + tag + " +\\d+ allocs");
        }
    }

    @Test
    void infoListsHeapsAndTypes() {
        Run run = run("info");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Device:").contains("Heap 0:").contains("Type 0:");
    }

    @Test
    void unknownDeviceIsAFailureWithAMessage() {
        Run run = run("info", "--device", "no-such-gpu");
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_FAILED);
        assertThat(run.err()).contains("no-such-gpu");
    }

    @Test
    void unknownCommandIsUsageError() {
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void listNamesEveryWorkload() {
        Run run = run("list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("terrain ", "dynamic ", "demo ");
    }

    @Test
    void runDrivesAWorkloadAndWritesTheSnapshotCsvWithTheEndSnapshotTakenBeforeTheWorkloadFreesItsMemory(
            @TempDir Path dir) throws Exception {
        Path csv = dir.resolve("terrain.csv");
        Run run = run("run", "terrain", "--frames", "40", "--seed", "3", "--csv", csv.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("terrain: 16 tiles resident").contains("terrain: 40 frames, leaks at exit: 0");
        assertThat(Files.readAllLines(csv).get(0)).startsWith("id,taken_at,description");
        List<CSVRecord> snapshots = read(csv);
        CSVRecord end = snapshots.get(snapshots.size() - 1);
        assertThat(end.get("description")).isEqualTo("end of terrain (40 frames)");
        assertThat(Long.parseLong(end.get("allocation_count"))).as("live allocations of the workload at the end").isPositive();
        assertThat(Long.parseLong(end.get("used_bytes"))).isPositive();
        List<CSVRecord> endTags = read(dir.resolve("terrain_tags.csv")).stream()
                .filter(r -> r.get("snapshot_id").equals(end.get("id"))).toList();
        assertThat(endTags).isNotEmpty().allSatisfy(r -> assertThat(Long.parseLong(r.get("allocation_count"))).isPositive());
        assertThat(endTags.stream().mapToLong(r -> Long.parseLong(r.get("allocation_count"))).sum())
                .isEqualTo(Long.parseLong(end.get("allocation_count")));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("terrain.csv", "terrain_tags.csv");
        }
    }

    @Test
    void anUnknownWorkloadIsABadUsage() {
        Run run = run("run", "nosuch");
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("unknown workload 'nosuch'");
    }

    @Test
    void headlessDemoWritesItsReportFolder(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("report");
        Run run = run("demo", "--no-monitor", "--frames", "90", "--report", folder.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("report written to").contains("Leaks at exit: 0");
        assertThat(Files.readString(folder.resolve("report.txt")))
                .contains("memscope demo: 90 frames of terrain + dynamic renderer")
                .contains("TerrainRenderer").contains("DynamicRenderer");
        assertThat(Files.readAllLines(folder.resolve("snapshots.csv")))
                .anyMatch(l -> l.contains("end of demo (90 frames)"));
        assertThat(Files.readAllLines(folder.resolve("allocations.csv")).get(0)).startsWith("id,tag,kind");
        for (String chart : new String[] {"usage.png", "bytes.png", "fragmentation.png"}) {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(folder.resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isEqualTo(900);
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).as("no temporary files left").containsExactly(
                    "allocations.csv", "bytes.png", "fragmentation.png", "report.txt", "snapshot_tags.csv", "snapshots.csv",
                    "usage.png");
        }
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }
}
