package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JVM that exits with a context, a core, a live mapped allocation and a subscribed monitor still open — every
 * way a JVM ends in order — closes them before the driver's exit handlers run (NVIDIA's crashed on a live device).
 * On lavapipe nothing crashes either way, so the test checks that memscope really closed everything: the
 * close-at-exit warning and the leak report of the forgotten buffer; the proof on a GPU is in docs/gpu-runs.md.
 */
class ExitSafetyTest {
    private static final String CLOSED_AT_EXIT = "was left open at exit; closing it before the driver exits";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"end, 0", "exit, 3", "throw, 1"})
    void aForgottenContextIsClosedAtExit(String how, int exitCode) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ExitSafetyProbe.class, List.of(), Map.of(), how);
        assertClosedCleanly(result, exitCode);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SIGTERM, 143", "SIGINT, 130"})
    void aSignalledJvmClosesItsForgottenContextAfterGivingItsThreadsTime(String signal, int exitCode) throws Exception {
        Process child = ChildJvm.start(ExitSafetyProbe.class, List.of(), Map.of(), "wait");
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.equals("READY")) {
                    new ProcessBuilder("kill", "-" + signal.substring(3), Long.toString(child.pid())).start().waitFor();
                }
            }
        }
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertClosedCleanly(new ChildJvm.Result(child.exitValue(), output.toString()), exitCode);
    }

    /** Created on one thread, closed on another: the driver sees one thread do both (NVIDIA crashed otherwise). */
    @org.junit.jupiter.api.Test
    void aContextClosedOnAnotherThreadExitsCleanly() throws Exception {
        ChildJvm.Result result = ChildJvm.run(ExitSafetyProbe.class, List.of(), Map.of(), "closed-elsewhere");
        assertThat(result.exitCode()).as("exit code; the child printed:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("CLOSED true true").doesNotContain(CLOSED_AT_EXIT)
                .doesNotContain("SIGSEGV");
    }

    /** A daemon thread writes through a mapping while the JVM exits: the hook must not unmap it under the thread. */
    @org.junit.jupiter.api.Test
    void aMappingInUseAtExitIsLeftAloneInsteadOfCrashingTheWriter() throws Exception {
        ChildJvm.Result result = ChildJvm.run(ExitSafetyProbe.class, List.of(), Map.of(), "writer");
        assertThat(result.exitCode()).as("exit code; the child printed:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("allocation(s) are mapped and running threads may still write")
                .doesNotContain("SIGSEGV").doesNotContain("hs_err");
    }

    /** An allocation waits (holding the core lock) for a stalled LOSSLESS subscriber: the exit must not hang. */
    @org.junit.jupiter.api.Test
    void aCoreLockHeldAtExitDoesNotHangTheExit() throws Exception {
        ChildJvm.Result result = ChildJvm.run(ExitSafetyProbe.class, List.of(), Map.of(), "lossless-stalled");
        assertThat(result.exitCode()).as("exit code; the child printed:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("STALLED").contains("another thread holds its lock");
    }

    /**
     * The application closes its context while another thread is stuck holding a core's lock (a stalled LOSSLESS
     * subscriber here; a thread that failed out of Java heap in the field): the close gives up after
     * {@link CoreEngine#CLOSE_LOCK_WAIT} with a reason instead of waiting for ever, and the JVM still exits.
     */
    @org.junit.jupiter.api.Test
    void closingACoreAnotherThreadIsStuckInGivesUpWithAReason() throws Exception {
        ChildJvm.Result result = ChildJvm.run(ExitSafetyProbe.class, List.of(), Map.of(), "close-while-stalled");
        assertThat(result.exitCode()).as("exit code; the child printed:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("STALLED").contains("REFUSED after 1")
                .contains("cannot close: another thread has held its lock for 10 s")
                .contains("another thread holds its lock"); // and the exit's own close leaves it too
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"end, 0"})
    void theHookCanBeTurnedOff(String how, int exitCode) throws Exception {
        ChildJvm.Result result = ChildJvm.run(ExitSafetyProbe.class, List.of("-Dmemscope.closeAtExit=false"), Map.of(), how);
        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.output()).doesNotContain(CLOSED_AT_EXIT);
    }

    private static void assertClosedCleanly(ChildJvm.Result result, int exitCode) {
        assertThat(result.exitCode()).as("exit code; the child printed:%n%s", result.output()).isEqualTo(exitCode);
        assertThat(result.output()).contains("READY").contains(CLOSED_AT_EXIT)
                .contains("Leak: BUFFER tag=Forgotten size=1 MiB name=left live")
                .doesNotContain("SIGSEGV").doesNotContain("hs_err");
    }
}
