package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exit codes and the one error line where only a child JVM can set the scene: the environment, a broken
 * driver manifest, a small heap.
 */
class ExitCodesIT {

    @ParameterizedTest
    @ValueSource(strings = {"99", "99999999999", "nosuchgpu"})
    void aDeviceSelectedThroughTheEnvironmentThatIsNotThereIsABadUsage(String selector, @TempDir Path dir) throws Exception {
        ChildProcess.Result run = ChildProcess.jar("info").env(Map.of("MEMSCOPE_DEVICE", selector)).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .startsWith("memscope: No Vulkan device")
                .contains("MEMSCOPE_DEVICE=" + selector)
                .doesNotContain("For input string");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMalformedDriverManifestIsLikeAMissingDriver(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("icd.json"), "garbage {{");
        ChildProcess.Result run = ChildProcess.jar("info")
                .env(Map.of("VK_DRIVER_FILES", garbage.toString(), "VK_ICD_FILENAMES", garbage.toString())).run(dir);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .startsWith("memscope: The Vulkan loader found no usable driver")
                .contains("apt-get install libvulkan1 mesa-vulkan-drivers");
    }

    @Test
    void runningOutOfJavaHeapIsOneLineAndExit1(@TempDir Path dir) throws Exception {
        // the terrain's 1025x1025 heightmap alone is 4 MiB
        ChildProcess.Result run = ChildProcess.jar(List.of("-Xmx8m"), "run", "terrain", "--frames", "1").run(dir);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        // Out of heap, a close can fail too; then the exit hook closes the device and says so in its own log line
        // (run for run, about one in four): that line may follow, nothing else may.
        assertThat(run.errLines().stream().filter(line -> !line.matches("WARN io\\.memscope\\.core\\.ExitCloser - "
                + "VulkanContext\\[.*\\] was left open at exit; closing it before the driver exits")))
                .as(run.toString()).singleElement().asString()
                .startsWith("memscope: out of Java heap (8 MiB at most)");
    }
}
