package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM in the middle of a CSV export leaves the previous file whole. The child
 * ({@link KilledExportChild}) says when it is half-way through its second export and then waits, so the kill
 * lands mid-write every time, without any sleep.
 */
class KilledExportTest {
    private static final int ROWS = 20_000;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aJvmKilledWhileExportingLeavesThePreviousFileWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("allocations.csv");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledExportChild.class.getName(), file.toString(),
                String.valueOf(ROWS)).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            awaitLine(out, "written", seen);
            awaitLine(out, "half-way", seen);
            child.destroyForcibly(); // SIGKILL on Unix
            assertThat(child.waitFor()).as("killed by signal 9").isEqualTo(128 + 9);
        } finally {
            child.destroyForcibly();
        }

        List<CSVRecord> rows = CsvExportTest.read(file);
        assertThat(rows.size()).as("rows of the first, complete export").isEqualTo(ROWS);
        assertThat(rows.stream().filter(r -> !r.isConsistent() || r.size() != CsvExport.ALLOCATION_COLUMNS.size()))
                .as("rows without all columns").isEmpty();
        assertThat(rows.get(ROWS - 1).get("id")).isEqualTo(String.valueOf(ROWS - 1));
        assertThat(rows.get(ROWS - 1).get("created_at")).endsWith("Z");
        List<Path> left = AtomicFilesTest.files(dir).stream().filter(p -> !p.equals(file)).toList();
        assertThat(left).as("the killed export's temporary file, which nothing can delete after a kill -9").singleElement()
                .satisfies(p -> assertThat(Files.size(p)).as("bytes written when killed").isGreaterThan(100_000));
    }

    private static void awaitLine(BufferedReader out, String expected, StringBuilder seen) throws Exception {
        for (String line = out.readLine(); !expected.equals(line); line = out.readLine()) {
            assertThat(line).as("the child ended before printing '%s'; its output:%n%s", expected, seen).isNotNull();
            seen.append(line).append('\n');
        }
    }
}
