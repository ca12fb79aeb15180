package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.Allocation;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferRequest;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.TestDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code memscope replay} on a capture recorded here: the table, and bad command lines as one line and exit 2. */
class ReplayCommandTest {
    @TempDir
    static Path scratch;
    static Path capture;

    @BeforeAll
    static void recordACapture() {
        capture = scratch.resolve("replay-me.jfr");
        AllocatorOptions options = AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO));
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), options)) {
            MemoryAllocator terrain = core.allocator("Terrain");
            List<Allocation> live = new ArrayList<>();
            core.monitor().startCapture(capture, CaptureOptions.defaults());
            for (int i = 0; i < 120; i++) {
                live.add(terrain.allocateBuffer(BufferRequest.of(8192L * (i % 9 + 1), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                        MemoryUsage.GPU_ONLY)));
                if (i % 3 == 2) {
                    live.remove(live.size() / 2).close();
                }
                if (i % 40 == 39) {
                    core.monitor().sampleNow();
                }
            }
            core.monitor().stopCapture();
            live.forEach(Allocation::close);
        }
    }

    /** The three cells of a table row, split on runs of two or more spaces. */
    private static List<String> cells(String out, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + " +(.*)$").matcher(out);
        assertThat(m.find()).as("row %s in%n%s", label, out).isTrue();
        return List.of(m.group(1).strip().split(" {2,}"));
    }

    @Test
    void theSameSettingsPrintTheCapturesFiguresBesideTheReplays() {
        MemscopeCommandTest.Run run = MemscopeCommandTest.run("replay", capture.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("memscope replay: ", "capture", "replay at its samples", "replay, every step",
                "strategy default, blocks VMA's default, heap limit none", "speed: ", " per second");
        List<String> used = cells(run.out(), "peak used bytes");
        assertThat(used.get(2)).isEqualTo(used.get(0));
        List<String> blocks = cells(run.out(), "peak block bytes");
        assertThat(blocks.get(1)).isEqualTo(blocks.get(0));
        assertThat(cells(run.out(), "final fragmentation").get(1)).isEqualTo(cells(run.out(), "final fragmentation").get(0));
        assertThat(cells(run.out(), "failed allocations")).containsExactly("not recorded", "0", "0");
        assertThat(cells(run.out(), "peak used: Terrain").get(2)).isEqualTo(cells(run.out(), "peak used: Terrain").get(0));
        System.out.println(run.out());
    }

    @Test
    void otherSettingsAreAppliedAndSaid() {
        MemscopeCommandTest.Run run = MemscopeCommandTest.run("replay", capture.toString(), "--strategy", "MEMORY",
                "--block-size", "1MiB", "--heap-limit", "1MiB");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("strategy memory_optimized, blocks 1.0 MiB, heap limit 1.0 MiB")
                .contains("note: first failed allocation: ");
        assertThat(Long.parseLong(cells(run.out(), "failed allocations").get(2))).isPositive();
        System.out.println(run.out());
    }

    static Stream<List<String>> badCommandLines() throws IOException {
        Path text = Files.writeString(scratch.resolve("not-a-capture.txt"), "x");
        String file = capture.toString();
        return Stream.of(
                List.of("replay"),
                List.of("replay", scratch.resolve("missing.jfr").toString()),
                List.of("replay", text.toString()),
                List.of("replay", "\0"),
                List.of("replay", file, "--strategy", "fast"),
                List.of("replay", file, "--strategy", ""),
                List.of("replay", file, "--block-size", "12"),
                List.of("replay", file, "--block-size", "512KiB"),
                List.of("replay", file, "--block-size", "-1MiB"),
                List.of("replay", file, "--heap-limit", "lots"),
                List.of("replay", file, "--core", "0"),
                List.of("replay", file, "--core", "99999"),
                List.of("replay", file, "--device", "nosuchgpu"),
                List.of("replay", file, "extra"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineOnStderrAndExit2(List<String> args) {
        MemscopeCommandTest.Run run = MemscopeCommandTest.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(MemscopeCommand.EXIT_USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("memscope: ");
        assertThat(run.out()).isEmpty();
    }
}
