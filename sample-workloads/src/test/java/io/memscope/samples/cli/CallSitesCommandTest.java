package io.memscope.samples.cli;

import static io.memscope.samples.cli.MemscopeCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.CallSites;
import io.memscope.export.CsvExport;
import io.memscope.export.capture.CaptureReader;
import io.memscope.samples.cli.MemscopeCommandTest.Run;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --call-stacks} on the command line: a run recorded with stacks exports its call sites as CSV whose rows are
 * the reader's paths (bytes summing to the live bytes, the workload's allocating frames named); bad values and misuse
 * are one line and exit code 2.
 */
class CallSitesCommandTest {

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    /** The time of the capture's last allocation: something is live then. */
    private static Instant lastCreation(CaptureReader reader, int core) {
        List<MemoryEvent> events = reader.events(core);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof AllocationCreated) {
                return reader.timeOf(core, events.get(i));
            }
        }
        throw new AssertionError("no allocation in the capture");
    }

    @Test
    void aRunRecordedWithCallStacksExportsItsCallSitesAsCsv(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("terrain.jfr");
        Run recorded = run("run", "terrain", "--frames", "40", "--seed", "3", "--capture", capture.toString(),
                "--call-stacks", "all");
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        CaptureReader reader = CaptureReader.open(capture);
        int core = reader.firstCore();
        Instant at = lastCreation(reader, core);
        Path csv = dir.resolve("sites.csv");
        Run run = run("export", capture.toString(), "--call-sites", csv.toString(), "--at", at.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + csv).doesNotContain("has no call stacks");

        CallSites sites = reader.callSitesAt(core, at);
        assertThat(sites.allocationCount()).isPositive();
        assertThat(sites.hasStacks()).isTrue();
        List<CSVRecord> rows = read(csv);
        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(CsvExport.CALL_SITE_COLUMNS);
        assertThat(rows).hasSize(sites.paths().size());
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("allocated_bytes"))).sum())
                .isEqualTo(reader.stateAt(core, at).allocatedBytes());
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get("allocations"))).sum())
                .isEqualTo(sites.allocationCount());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord row = rows.get(i);
            CallSites.Path path = sites.paths().get(i);
            assertThat(Long.parseLong(row.get("allocated_bytes"))).isEqualTo(path.bytes());
            assertThat(row.get("stack")).isEqualTo(path.folded());
            assertThat(row.get("core")).isEqualTo(Integer.toString(core));
        }
        assertThat(rows).anySatisfy(r -> assertThat(r.get("allocating_frame"))
                .startsWith("io.memscope.samples.workloads.TerrainWorkload."));
        // the stack column is outermost first: it ends with the allocating frame
        assertThat(rows).allSatisfy(r -> assertThat(r.get("stack")).endsWith(r.get("allocating_frame")));
    }

    @Test
    void aCaptureWithoutStacksExportsOneNoStackRowAndSaysSo(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("plain.jfr");
        Run recorded = run("run", "terrain", "--frames", "20", "--seed", "3", "--capture", capture.toString());
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        CaptureReader reader = CaptureReader.open(capture);
        Path csv = dir.resolve("sites.csv");
        Run run = run("export", capture.toString(), "--call-sites", csv.toString(), "--at",
                lastCreation(reader, reader.firstCore()).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("the capture has no call stacks");
        List<CSVRecord> rows = read(csv);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("allocating_frame")).isEqualTo(CallSites.NO_STACK);
            assertThat(r.get("share")).isEqualTo("1.0");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/0", "bogus", "tag:", "2/3", "tag:a,,b"})
    void badValuesAreOneLineAndExitCode2(String value, @TempDir Path dir) {
        String file = dir.resolve("x.jfr").toString();
        for (String[] args : List.of(
                new String[] {"run", "terrain", "--frames", "1", "--capture", file, "--call-stacks", value},
                new String[] {"record", "--pid", "1", "--call-stacks", value, file},
                new String[] {"monitor", "--pid", "1", "--call-stacks", value})) {
            Run run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(MemscopeCommand.EXIT_USAGE);
            assertThat(run.err().lines()).as(run.err()).singleElement().asString().startsWith("memscope: ")
                    .contains("'" + value + "' is not a call-stack selection");
        }
    }

    @Test
    void callStacksWithoutACaptureIsABadUsage() {
        Run run = run("run", "terrain", "--frames", "1", "--call-stacks", "all");
        assertThat(run.exitCode()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("memscope: ")
                .contains("--call-stacks needs --capture");
    }
}
