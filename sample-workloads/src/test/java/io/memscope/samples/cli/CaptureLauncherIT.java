package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.management.CallSites;
import io.memscope.export.capture.CaptureReader;
import io.memscope.export.capture.CoreInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures through the packaged launcher: {@code run --capture} records a whole run, {@code record --pid} records a
 * running {@code ./memscope run} from outside; both files read back with {@link CaptureReader}, nothing lost.
 */
@Timeout(240)
class CaptureLauncherIT {

    @Test
    void runWithCaptureRecordsEveryAllocationAndFree(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.jfr");
        ChildProcess.Result run = ChildProcess.launcher("run", "terrain", "--frames", "200", "--capture", file.toString())
                .run(dir);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("capture written to " + file.toRealPath()).contains("nothing lost");
        CaptureReader capture = CaptureReader.open(file);
        assertThat(capture.losses().isEmpty()).as(capture.summary()).isTrue();
        CoreInfo core = capture.cores().get(0);
        long created = capture.events(core.coreId()).stream().filter(AllocationCreated.class::isInstance).count();
        long freed = capture.events(core.coreId()).stream().filter(AllocationFreed.class::isInstance).count();
        assertThat(created).as("the terrain allocated").isPositive();
        assertThat(freed).as("and freed everything before the capture stopped").isEqualTo(created);
        assertThat(capture.stateAt(capture.end()).allocations()).as("nothing live at the end: no leaks").isEmpty();
    }

    @Test
    void recordRefusesTheFileTheTargetsOwnCaptureWillWrite(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("own.jfr");
        Process target = ChildProcess.launcher("run", "terrain", "--seconds", "120", "--capture", own.toString())
                .in(dir).start();
        try {
            awaitFrames(target);
            ChildProcess.Result record = ChildProcess.launcher("record", "--pid", Long.toString(target.pid()),
                    "--duration", "2s", own.toString()).run(dir);
            assertThat(record.exitCode()).as(record.toString()).isEqualTo(2);
            assertThat(record.err()).contains("already records to").contains("choose another file");
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void recordCapturesARunningWorkloadFromOutside(@TempDir Path dir) throws Exception {
        Process target = ChildProcess.launcher("run", "terrain", "--seconds", "120").in(dir).start();
        try {
            awaitFrames(target);
            Path file = dir.resolve("outside.jfr");
            ChildProcess.Result record = ChildProcess.launcher("record", "--pid", Long.toString(target.pid()),
                    "--duration", "3s", file.toString()).run(dir);
            assertThat(record.exitCode()).as(record.toString()).isZero();
            assertThat(record.out()).contains("capture written to " + file.toRealPath());
            CaptureReader capture = CaptureReader.open(file);
            assertThat(capture.losses().isEmpty()).as(capture.summary()).isTrue();
            assertThat(capture.cores()).singleElement().satisfies(core ->
                    assertThat(capture.events(core.coreId())).as("the workload's events").isNotEmpty());
            assertThat(capture.stateAt(capture.start()).allocations())
                    .as("the live state at the capture's start: the terrain's resident tiles").isNotEmpty();
            assertThat(target.isAlive()).as("the target runs on").isTrue();
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void recordWithCallStacksNamesTheWorkloadsAllocatingCodeFromOutside(@TempDir Path dir) throws Exception {
        Process target = ChildProcess.launcher("run", "terrain", "--seconds", "120").in(dir).start();
        try {
            awaitFrames(target);
            Path file = dir.resolve("stacks.jfr");
            ChildProcess.Result record = ChildProcess.launcher("record", "--pid", Long.toString(target.pid()),
                    "--duration", "3s", "--call-stacks", "1/4", file.toString()).run(dir);
            assertThat(record.exitCode()).as(record.toString()).isZero();
            CaptureReader capture = CaptureReader.open(file);
            int core = capture.firstCore();
            long created = capture.events(core).stream().filter(AllocationCreated.class::isInstance).count();
            long stacks = capture.allocationStacks().eventCount();
            assertThat(created).as("the workload allocated while recorded").isGreaterThan(40);
            // one allocation in 4, as if at random (the window of the site events and of the memory events differ by
            // the bridge's lag at both ends)
            assertThat(stacks).as("%d stacks for %d allocations", stacks, created)
                    .isBetween(created / 8, created / 2);
            List<String> allocatingClasses = capture.events(core).stream().filter(AllocationCreated.class::isInstance)
                    .map(e -> capture.allocationStacks().stackOf(core, ((AllocationCreated) e).allocation().id()))
                    .filter(java.util.Objects::nonNull).map(st -> st.top().className()).distinct().toList();
            assertThat(allocatingClasses).isNotEmpty()
                    .allMatch(c -> c.startsWith("io.memscope.samples.workloads."), "workload classes");
            CallSites sites = capture.callSitesAt(core, capture.end());
            assertThat(sites.bottomUp().bytes()).isEqualTo(capture.stateAt(core, capture.end()).allocatedBytes());
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void recordErrorsAreOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        ChildProcess.Result noSuchPid = ChildProcess.launcher("record", "--pid", "2147483646", dir.resolve("x.jfr")
                .toString()).run(dir);
        assertThat(noSuchPid.exitCode()).as(noSuchPid.toString()).isEqualTo(2);
        assertThat(noSuchPid.errLines()).as(noSuchPid.toString()).singleElement().asString().startsWith("memscope: ")
                .contains("2147483646");
        ChildProcess.Result unwritable = ChildProcess.launcher("record", "--pid", "1", dir.resolve("no/such/x.jfr")
                .toString()).run(dir);
        assertThat(unwritable.exitCode()).as(unwritable.toString()).isEqualTo(2);
        assertThat(unwritable.errLines()).as(unwritable.toString()).singleElement().asString().startsWith("memscope: ");
        ChildProcess.Result badDuration = ChildProcess.launcher("record", "--pid", "1", "--duration", "forever",
                dir.resolve("x.jfr").toString()).run(dir);
        assertThat(badDuration.exitCode()).as(badDuration.toString()).isEqualTo(2);
        assertThat(badDuration.errLines()).singleElement().asString().contains("not a duration");
    }

    private static void awaitFrames(Process target) throws InterruptedException {
        CountDownLatch framing = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(target.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("frame ")) {
                        framing.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "target-output");
        drain.setDaemon(true);
        drain.start();
        assertThat(framing.await(120, TimeUnit.SECONDS)).as("the target runs frames").isTrue();
    }
}
