package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memscope.export.ReportCharts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MemscopeCommandTest {
    @TempDir
    static Path scratch;

    /** Runs the command line in this JVM with stdout and stderr captured (also used by the other command tests). */
    static Run run(String... args) {
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
    void unknownDeviceIsABadUsageWithTheDevicesListed() {
        Run run = run("info", "--device", "no-such-gpu");
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err()).contains("no-such-gpu").contains("devices: 0: ");
    }

    @Test
    void aDeviceSelectedByTheSystemPropertyThatIsNotThereIsABadUsage() {
        String before = System.getProperty("memscope.device");
        System.setProperty("memscope.device", "99");
        try {
            Run run = run("info");
            assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
            assertThat(run.err().lines()).singleElement().asString()
                    .contains("No Vulkan device at index 99").contains("-Dmemscope.device=99");
        } finally {
            if (before == null) {
                System.clearProperty("memscope.device");
            } else {
                System.setProperty("memscope.device", before);
            }
        }
    }

    @Test
    void unknownCommandIsUsageError() {
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
    }

    static Stream<List<String>> badCommandLines() throws IOException {
        Path file = Files.writeString(scratch.resolve("a-file"), "x");
        String missingFolder = scratch.resolve("missing/x.csv").toString();
        Path tagsFileIsAFolder = Files.createDirectories(scratch.resolve("t_tags.csv")).resolveSibling("t.csv");
        Files.createDirectories(scratch.resolve("parts-2.json"));
        return Stream.of(
                List.of("info", "--device", "99"),
                List.of("info", "--device", "nosuchgpu"),
                List.of("info", "--device", "99999999999"),
                List.of("info", "--device", ""),
                List.of("info", "--device", " "),
                List.of("run", "terrain", "--frames", "-1"),
                List.of("run", "terrain", "--frames", "0"),
                List.of("run", "terrain", "--frames", "99999999999"),
                List.of("run", "terrain", "--frames", "abc"),
                List.of("run", "terrain", "--frames", "1.5"),
                List.of("run", "terrain", "--frames", ""),
                List.of("run", "terrain", "--frames", "\u0663"),
                List.of("run", "terrain", "--seconds", "-5"),
                List.of("run", "terrain", "--seconds", "0"),
                List.of("run", "terrain", "--frames", "5", "--seconds", "5"),
                List.of("run", "terrain", "--seed", ""),
                List.of("run", "terrain", "--seed", "99999999999999999999"),
                List.of("run", "terrain", "--csv", ""),
                List.of("run", "terrain", "--csv", missingFolder),
                List.of("run", "terrain", "--csv", scratch.toString()),
                List.of("run", "terrain", "--csv", file.resolve("x.csv").toString()),
                List.of("run", "terrain", "--csv", tagsFileIsAFolder.toString()),
                List.of("run", "terrain", "--frmes", "3"),
                List.of("run", "pressure", "--target", "0"),
                List.of("run", "pressure", "--target", "1.5"),
                List.of("run", "pressure", "--target", "-1"),
                List.of("run", "pressure", "--target", "abc"),
                List.of("run", "pressure", "--target", "NaN"),
                List.of("run", "pressure", "--target", ""),
                List.of("run", "pressure", "--target", "0.0"),
                List.of("run", "pressure", "--target", "1e-1"),
                List.of("run", "pressure", "--target", "90%"),
                List.of("run", "terrain", "--target", "0.5"),
                List.of("run", "pressure", "--heap-limit", "12"),
                List.of("run", "pressure", "--heap-limit", "512KiB"),
                List.of("run", "pressure", "--heap-limit", "512MB"),
                List.of("run", "pressure", "--heap-limit", "1B"),
                List.of("run", "pressure", "--report", file.toString()),
                List.of("run", "nosuch"),
                List.of("run", ""),
                List.of("run"),
                List.of("run", "terrain", "extra"),
                List.of("demo", "--seconds", "-5"),
                List.of("demo", "--frames", "0"),
                List.of("demo", "--report", file.toString()),
                List.of("demo", "--report", file.resolve("sub").toString()),
                List.of("demo", "--report", ""),
                List.of("demo", "--report", scratch.resolve("n".repeat(300)).toString()),
                List.of("run", "terrain", "--capture", missingFolder),
                List.of("run", "terrain", "--capture", scratch.toString()),
                List.of("run", "terrain", "--capture", "/dev/null"),
                List.of("run", "terrain", "--capture", scratch.resolve("same.jfr").toString(), "--csv",
                        scratch.resolve("same.jfr").toString()),
                List.of("record", "/dev/null"),
                List.of("export", file.toString(), "--csv", scratch.toString()),
                List.of("export", file.toString(), "--perfetto", scratch.resolve("parts.json").toString(),
                        "--max-file-size", "1MiB"), // parts-2.json is a folder (made below): refused up front
                List.of("demo", "--no-monitor", "--seconds", "3", "--capture", scratch.resolve("rep/snapshots.csv")
                        .toString(), "--report", scratch.resolve("rep").toString()),
                List.of("export", file.toString(), "--perfetto", scratch.resolve("same.out").toString(),
                        "--call-sites", scratch.resolve("same.out").toString()),
                List.of("export", file.toString(), "--perfetto", scratch.resolve("pp.json").toString(),
                        "--max-file-size", "1MiB", "--call-sites", scratch.resolve("pp-2.json").toString()),
                List.of("export", file.toString(), "--csv", scratch.resolve("dd3").toString(), "--call-sites",
                        scratch.resolve("dd3/snapshots.csv").toString()),
                List.of("open", file.toString(), "--screenshot", scratch.resolve("a-file").toString()),
                List.of("open", file.toString(), "--tab", "nosuch"),
                List.of("export", file.toString(), "--perfetto", file.toString()),
                List.of("export", file.toString(), "--call-sites", file.toString()),
                List.of("export", file.toString(), "--perfetto", scratch.resolve("a-file.json").toString(),
                        "--call-sites", scratch.resolve("../" + scratch.getFileName() + "/a-file").toString()),
                List.of("monitor", "--core", "0"),
                List.of("monitor", "--core", "-1"),
                List.of("monitor", "--core", "abc"),
                List.of("monitor", "--pid", "0"),
                List.of("monitor", "--seconds", "0"),
                List.of("monitor", "--report", scratch.resolve("n".repeat(300)).toString()),
                List.of("monitor", "--report", file.toString()),
                List.of("record"),
                List.of("record", "--duration", "0s", scratch.resolve("x.jfr").toString()),
                List.of("record", "--duration", "soon", scratch.resolve("x.jfr").toString()),
                List.of("record", "--max-size", "12", scratch.resolve("x.jfr").toString()),
                List.of("record", "--max-size", "512KiB", scratch.resolve("x.jfr").toString()),
                List.of("record", scratch.toString()),
                List.of("record", missingFolder),
                List.of("demo", "--no-monitor", "--screenshot", scratch.resolve("shot.png").toString()),
                List.of("demo", "--screenshot", missingFolder),
                List.of("demo", "--screenshot", scratch.resolve("shot.jpg").toString()),
                List.of("open", file.toString(), "--screenshot", scratch.resolve("shot.jpg").toString()),
                List.of("export"),
                List.of("export", scratch.resolve("missing.jfr").toString(), "--perfetto", scratch.resolve("o.json").toString()),
                List.of("export", file.toString(), "--perfetto", scratch.resolve("o.json").toString()),
                List.of("export", file.toString(), "--perfetto", missingFolder),
                List.of("export", file.toString(), "--perfetto", scratch.toString()),
                List.of("export", file.toString(), "--csv", file.toString()),
                List.of("export", file.toString(), "--csv", file.resolve("sub").toString()),
                List.of("export", file.toString()),
                List.of("export", file.toString(), "--at", "5"),
                List.of("export", file.toString(), "--csv", scratch.resolve("c").toString(), "--at", "soon"),
                List.of("export", file.toString(), "--csv", scratch.resolve("c").toString(), "--at", "-3"),
                List.of("export", file.toString(), "--perfetto", scratch.resolve("o.json").toString(),
                        "--max-file-size", "12KiB"),
                List.of("export", "", "--perfetto", scratch.resolve("o.json").toString()),
                List.of("open"),
                List.of("open", scratch.resolve("missing.jfr").toString()),
                List.of("open", file.toString()),
                List.of("open", ""),
                List.of("open", file.toString(), "--at", "soon"),
                List.of("open", file.toString(), "--core", "0"),
                List.of("open", file.toString(), "--screenshot", missingFolder),
                List.of("run", "terrain", "--metrics-port", "-1"),
                List.of("run", "terrain", "--metrics-port", "70000"),
                List.of("run", "terrain", "--metrics-port", "65536"),
                List.of("run", "terrain", "--metrics-port", "abc"),
                List.of("run", "terrain", "--metrics-port", ""),
                List.of("run", "terrain", "--metrics-port", "80.5"),
                List.of("run", "terrain", "--metrics-port", "99999999999"),
                List.of("run", "terrain", "--metrics-bind", "127.0.0.1"),
                List.of("run", "terrain", "--metrics-port", "0", "--metrics-bind", "999.1.1.1"),
                List.of("run", "terrain", "--metrics-port", "0", "--metrics-bind", ""),
                List.of("run", "terrain", "--metrics-port", "0", "--metrics-bind", "no-such-host.invalid"),
                List.of("run", "terrain", "--metrics-port", "0", "--metrics-bind", "192.0.2.1"),
                List.of("demo", "--metrics-port", "-5"),
                List.of("demo", "--metrics-bind", "localhost"),
                List.of("tour", "--seed", "x"),
                List.of("list", "extra"),
                List.of(""));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineOnStderrAndExit2BeforeAnythingRuns(List<String> args) {
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("memscope: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aSizeInAnotherUnitOrTooLargeAndAFolderThatTakesNoFilesSaySo() {
        assertThat(run("run", "pressure", "--heap-limit", "512MB").err())
                .contains("'512MB': the unit must be KiB, MiB or GiB (powers of 1024), such as 64MiB or 1GiB");
        assertThat(run("record", "--max-size", "lots", "x.jfr").err())
                .contains("'lots' is not a size such as 64MiB or 1GiB");
        assertThat(run("run", "pressure", "--heap-limit", "99999999999GiB").err())
                .contains("'99999999999GiB' is too large (at most 9 digits)");
        if (java.nio.file.Files.isDirectory(Path.of("/proc/self"))) { // a folder that exists and takes no new files
            assertThat(run("record", "--pid", "1", "/proc/x.jfr").err())
                    .contains("cannot write /proc/x.jfr: its folder takes no new files");
        }
    }

    /** What `kill -9` leaves of a capture: an empty destination file; the message points to the repository. */
    @Test
    void anEmptyCaptureFileSaysWhereItsDataIs(@TempDir Path dir) throws IOException {
        Path empty = java.nio.file.Files.createFile(dir.resolve("killed.jfr"));
        Run run = run("export", empty.toString(), "--csv", dir.resolve("csv").toString());
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err()).contains(empty + " is empty: a capture whose process was killed before it stopped? "
                + "Its data is in Flight Recorder's repository folder (docs/captures.md)");
    }

    @Test
    void pressureRunsToItsTargetWithinAHeapLimitAndWritesItsReport(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("pressure-report");
        Run run = run("run", "pressure", "--heap-limit", "256MiB", "--target", ".5", "--frames", "30", "--report",
                folder.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("pressure report: 30 frames, target 50 % of heap 0's budget",
                "where allocations landed", "frames over budget after a signal: 0", "budget over time",
                "pressure: 30 frames, leaks at exit: 0", "report written to " + folder);
        assertThat(folder.resolve("pressure.csv")).content().startsWith("frame,epoch_millis,start_budget_bytes")
                .hasLineCount(31);
        assertThat(folder.resolve("report.txt")).content().contains("pressure report");
        BufferedImage chart = ImageIO.read(folder.resolve("pressure.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(960);
        assertThat(chart.getHeight()).isEqualTo(360);
        for (String name : ReportCharts.FILE_NAMES) {
            assertThat(folder.resolve(name)).exists();
        }
    }

    @Test
    void theDashboardWithoutADisplayIsABadUsage() {
        assumeTrue(System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null);
        Run run = run("run", "terrain", "--monitor");
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err().lines()).singleElement().asString().contains("--monitor needs a display");
    }

    @Test
    void openingACaptureWithoutADisplayIsABadUsage(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null);
        Path capture = java.nio.file.Files.write(dir.resolve("c.jfr"), new byte[] {'F', 'L', 'R', 0, 1, 2});
        Run run = run("open", capture.toString());
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err().lines()).singleElement().asString().contains("memscope open needs a display");
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAsABadUsage() {
        Run run = run();
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err()).contains("Usage: memscope", "Commands:");
        assertThat(run("help", "run").out()).contains("Usage: memscope run", "terrain, dynamic, mesh, texture,");
    }

    @Test
    void aRelativeOutputPathIsPrintedAbsolute() throws IOException {
        Path relative = Path.of("target", "relative-" + ProcessHandle.current().pid() + ".csv");
        try {
            Run run = run("run", "mesh", "--frames", "2", "--csv", relative.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("snapshots written to " + relative.toAbsolutePath());
        } finally {
            Files.deleteIfExists(relative);
        }
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
    void exportWritesTheTraceAndTheCsvFilesOfARecordedRunWithALinePerFile(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("terrain.jfr");
        Run recorded = run("run", "terrain", "--frames", "40", "--seed", "3", "--capture", capture.toString());
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        Path trace = dir.resolve("terrain.json");
        Path csv = dir.resolve("csv/out");
        Run run = run("export", capture.toString(), "--perfetto", trace.toString(), "--csv", csv.toString(),
                "--at", "0.05");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(trace.toFile());
        assertThat(root.get("traceEvents").size()).isPositive();
        assertThat(root.get("traceEvents").findValues("ph").stream().map(n -> n.asText()))
                .contains("X", "C", "M");
        assertThat(read(csv.resolve("snapshots.csv"))).isNotEmpty();
        try (Stream<Path> files = Files.list(csv)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).contains("snapshots.csv", "snapshot_tags.csv", "allocations-at-50ms.csv")
                    .anyMatch(n -> n.matches("snapshot-[0-9]+-allocations\\.csv"));
            assertThat(run.out().lines().filter(l -> l.startsWith("wrote "))).hasSize(names.size() + 1);
        }
        assertThat(run.out()).contains("wrote " + trace).startsWith("memscope export: " + capture);

        byte[] before = Files.readAllBytes(capture);
        Path sameCapture = dir.resolve("sub/../terrain.jfr");
        Files.createDirectories(dir.resolve("sub"));
        for (List<String> bad : List.of(
                List.of("export", capture.toString(), "--perfetto", sameCapture.toString()),
                List.of("export", capture.toString(), "--call-sites", capture.toString()),
                List.of("export", capture.toString(), "--perfetto", dir.resolve("terrain.json").toString(),
                        "--max-file-size", "1MiB", "--call-sites", dir.resolve("x.csv").toString(), "--csv",
                        capture.toString()),
                List.of("export", capture.toString(), "--csv", csv.toString(), "--at", "99999"),
                List.of("export", capture.toString(), "--call-sites", dir.resolve("x.csv").toString(), "--at",
                        "1999-01-01T00:00:00Z"))) {
            Run refused = run(bad.toArray(String[]::new));
            assertThat(refused.exitCode()).as("%s: %s", bad, refused.err()).isEqualTo(MemscopeCommand.EXIT_USAGE);
            assertThat(refused.err().lines()).as("%s", bad).singleElement().asString().startsWith("memscope: ");
        }
        assertThat(Files.readAllBytes(capture)).as("the capture is untouched").isEqualTo(before);
        assertThat(dir.resolve("x.csv")).doesNotExist();

        Path unrelated = dir.resolve("unrelated.jfr");
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(unrelated);
        }
        Run noCore = run("export", unrelated.toString(), "--perfetto", dir.resolve("u.json").toString());
        assertThat(noCore.exitCode()).as(noCore.err()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(noCore.err()).contains("holds no memscope core");
        assertThat(dir.resolve("u.json")).doesNotExist();
    }

    @Test
    void anUnknownWorkloadIsABadUsageNamingTheWorkloads() {
        Run run = run("run", "nosuch");
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err()).contains("unknown workload 'nosuch' (one of terrain, dynamic, mesh, texture, scene, pools, pressure)");
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
        for (String chart : ReportCharts.FILE_NAMES) {
            BufferedImage image = ImageIO.read(folder.resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).as("no temporary files left").containsExactly(
                    "allocation-rate.png", "allocations.csv", "byte-rate.png", "bytes.png", "fragmentation.png",
                    "memory-map.png", "report.txt", "snapshot_tags.csv", "snapshots.csv", "usage.png");
        }
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    record Run(int exitCode, String out, String err) {
    }
}
