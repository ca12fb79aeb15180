package io.memscope.core;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class of the test class path in a child JVM, so a test can survive — and see — what would
 * crash or end a JVM: a SIGSEGV in a driver, {@code System.exit}, a signal. The child gets this JVM's java
 * executable and class path; its standard output and error are merged.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code mainClass} with {@code jvmArgs}, extra environment {@code env} and {@code args}. */
    public static Process start(Class<?> mainClass, List<String> jvmArgs, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs {@code mainClass} to its end (at most two minutes) and returns how it ended. */
    public static Result run(Class<?> mainClass, List<String> jvmArgs, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Process process = start(mainClass, jvmArgs, env, args);
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(mainClass.getSimpleName() + " did not end within two minutes; it printed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** The JVM class path plus what any URL class loader above this class adds (IDE and console launchers use one). */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader loader = ChildJvm.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException ignored) {
                        // not a file: nothing a child JVM could use
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** How a child ended: its exit code (128 + signal for a signal, e.g. 134 for SIGABRT) and everything it printed. */
    public record Result(int exitCode, String output) {
        /** Whether the child printed {@code line} as a whole line. */
        public boolean printedLine(String line) {
            return output.lines().anyMatch(line::equals);
        }
    }
}
