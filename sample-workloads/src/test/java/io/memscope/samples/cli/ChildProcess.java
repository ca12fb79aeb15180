package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real child process for the tests: the packaged {@code sample-workloads.jar} in its own JVM (as
 * {@code ./memscope} runs it), or the {@code memscope} launcher itself. No display is passed on (the commands
 * run headless); SIGINT is set back to its default, so that a Ctrl-C sent to the child reaches its JVM even when
 * the build runs with SIGINT ignored (a background job), since a JVM leaves an ignored SIGINT ignored.
 */
final class ChildProcess {
    private final ProcessBuilder builder;

    private ChildProcess(List<String> command) {
        List<String> full = new ArrayList<>(List.of("env", "--default-signal=INT"));
        full.addAll(command);
        this.builder = new ProcessBuilder(full);
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
    }

    /** {@code java JVM_ARGS -jar target/sample-workloads.jar ARGS}. */
    static ChildProcess jar(List<String> jvmArgs, String... args) {
        return jar(packagedJar(), jvmArgs, args);
    }

    /** The packaged jar; its manifest puts {@code lib/*.jar} beside it on the class path. */
    static Path packagedJar() {
        Path jar = Path.of("target/sample-workloads.jar").toAbsolutePath();
        assertThat(jar).as("packaged before the integration tests").exists();
        return jar;
    }

    /** {@code java JVM_ARGS -jar JAR ARGS}. */
    static ChildProcess jar(Path jar, List<String> jvmArgs, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ChildProcess(command);
    }

    static ChildProcess jar(String... args) {
        return jar(List.of(), args);
    }

    /** The launcher under {@code xvfb-run -a} (a virtual X display of its own): {@code ./memscope ARGS} with a display. */
    static ChildProcess launcherOnVirtualDisplay(String... args) {
        List<String> command = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
                launcherScript().toString()));
        command.addAll(List.of(args));
        return new ChildProcess(command);
    }

    /** The launcher, {@code ./memscope ARGS}. */
    static ChildProcess launcher(String... args) {
        List<String> command = new ArrayList<>(List.of(launcherScript().toString()));
        command.addAll(List.of(args));
        return new ChildProcess(command);
    }

    static Path launcherScript() {
        return Path.of("..", "memscope").toAbsolutePath().normalize();
    }

    ChildProcess env(Map<String, String> variables) {
        builder.environment().putAll(variables);
        return this;
    }

    ChildProcess in(Path directory) {
        builder.directory(directory.toFile());
        return this;
    }

    /** Runs to the end (at most 3 minutes), stdout and stderr apart. */
    Result run(Path scratch) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "stdout", ".txt");
        Path err = Files.createTempFile(scratch, "stderr", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 3 minutes: " + builder.command());
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Starts it with stderr merged into stdout, for a test that reads its lines as they come. */
    Process start() throws IOException {
        return builder.redirectErrorStream(true).start();
    }

    /** What Ctrl-C sends. */
    static void sigint(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -INT").isZero();
    }

    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
