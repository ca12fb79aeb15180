package io.memscope.remote;

import io.memscope.core.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A child JVM ({@link RemoteTarget} or {@link PlainJvm}) driven line by line; every wait has a deadline. */
final class Target implements AutoCloseable {
    private static final Duration ANSWER = Duration.ofMinutes(2);

    final Process process;
    final String readyLine;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> everything = Collections.synchronizedList(new ArrayList<>());

    private Target(Process process) throws IOException, InterruptedException {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    everything.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        this.readyLine = awaitLine(l -> l.startsWith("ready"));
    }

    /** A memscope child with the default monitor options. */
    static Target memscope(String... args) throws IOException, InterruptedException {
        return new Target(ChildJvm.start(RemoteTarget.class, List.of("-Xss2m"), Map.of(), args));
    }

    /** A JVM without memscope. */
    static Target plain(String... jvmArgs) throws IOException, InterruptedException {
        return new Target(ChildJvm.start(PlainJvm.class, List.of(jvmArgs), Map.of()));
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code command} and returns its answer (a line starting with {@code ok}, {@code ledger} or {@code verify}). */
    String send(String command) throws IOException, InterruptedException {
        in.write(command + "\n");
        in.flush();
        return awaitLine(l -> l.startsWith("ok ") || l.startsWith("ledger ") || l.startsWith("verify ")
                || l.startsWith("unknown "));
    }

    /** The child's own ledger summary ({@link LedgerSummary}). */
    String ledger() throws IOException, InterruptedException {
        return send("ledger").substring("ledger ".length());
    }

    private String awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the child " + process.pid() + " did not answer in " + ANSWER
                        + "; it printed:\n" + String.join("\n", everything));
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Waits (at most {@code timeout}) until {@code condition} holds. */
    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    String output() {
        synchronized (everything) {
            return String.join("\n", everything);
        }
    }

    @Override
    public void close() {
        try {
            end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void end() throws InterruptedException {
        if (process.isAlive()) {
            try {
                in.write("exit\n");
                in.flush();
                in.close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
