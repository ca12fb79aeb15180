package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's prerequisite checks, sourced into bash (with the launcher's {@code set -euo pipefail}) with
 * stand-ins on PATH: an {@code ldconfig} whose cache is 100 000 lines long, and {@code apt-get}/{@code sudo}
 * that record each call.
 */
class LauncherChecksTest {
    @TempDir
    Path bin;

    @Test
    void ensureVulkanLeavesAnInstalledRuntimeAloneWhateverTheSizeOfTheLinkerCache() throws Exception {
        linkerCacheListing("libvulkan.so.1");
        Path share = Files.createDirectories(bin.resolve("share/vulkan/icd.d"));
        Files.writeString(share.resolve("driver.json"), "{}");
        Run run = launcherFunction("ensure_vulkan", Map.of("XDG_DATA_HOME", bin.resolve("share").toString()));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).endsWith("ready\n");
        assertThat(aptGetCalls()).isEmpty();
    }

    @Test
    void ensureGtkLeavesAnInstalledGtkAloneWhateverTheSizeOfTheLinkerCache() throws Exception {
        linkerCacheListing("libgtk-3.so.0");
        Run run = launcherFunction("ensure_gtk", Map.of("DISPLAY", ":99"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).endsWith("ready\n");
        assertThat(aptGetCalls()).isEmpty();
    }

    @Test
    void aLibraryMissingFromTheCacheIsMissing() throws Exception {
        linkerCacheListing("libvulkan.so.10");
        assertThat(launcherFunction("has_library libvulkan.so.1", Map.of()).exitCode()).isEqualTo(1);
    }

    @Test
    void aFailedInstallOfTheVulkanRuntimeIsAMissingPrerequisiteExit2() throws Exception {
        linkerCacheListing("libc.so.6");
        Run run = launcherFunction("ensure_vulkan", Map.of());
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("memscope: could not install libvulkan1 mesa-vulkan-drivers");
        assertThat(aptGetCalls()).startsWith("update -qq");
    }

    /** {@code source memscope && FUNCTION && echo ready} in bash, with the stand-ins first on PATH. */
    private Run launcherFunction(String function, Map<String, String> env) throws IOException, InterruptedException {
        script("apt-get", "echo \"$*\" >> \"" + bin.resolve("apt-get.log") + "\"\nexit 100");
        script("sudo", "exec \"$@\"");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$0\" && " + function + " && echo ready",
                ChildProcess.launcherScript().toString()).redirectErrorStream(true);
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** An ldconfig whose cache lists {@code library} first and 100 000 more libraries after it. */
    private void linkerCacheListing(String library) throws IOException {
        script("ldconfig", "printf '\\t" + library + " (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/" + library + "\\n'\n"
                + "seq 100000 | sed 's|.*|\\tlibfiller&.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libfiller&.so.1|'");
    }

    private String aptGetCalls() throws IOException {
        Path log = bin.resolve("apt-get.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exitCode, String output) {
    }
}
