package io.memscope.samples.cli;

import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A real Prometheus server (the Debian package's binary, run directly as a child process, no service) with a temporary
 * configuration that scrapes one target every second, and its HTTP API. Tests that need it are skipped when the binary
 * is not installed.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String base;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.base = "http://127.0.0.1:" + port;
        this.log = log;
    }

    /** The binary: on the PATH or where the Debian package puts it; skips the test when there is none. */
    static Path binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return abort("no 'prometheus' binary: install the Debian package prometheus (apt-get install prometheus; "
                + ".ci/run does) to run this test");
    }

    /** Starts Prometheus scraping {@code target} ({@code host:port}, path /metrics) every second; waits until ready. */
    static PrometheusServer start(Path dir, String target) throws IOException {
        Path binary = binary();
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: memscope
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        try {
            server.await("ready", () -> server.status("/-/ready") == 200);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Bounded polling (every 100 ms, at most 30 s) until {@code condition} holds. */
    void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited (" + process.exitValue() + ") while waiting for " + what
                        + ": " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("prometheus: not within 30 s: " + what + "; log: " + tail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** {@code /api/v1/query?query=...}: the {@code data} node of a successful answer. */
    JsonNode query(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!answer.path("status").asText().equals("success")) {
            throw new AssertionError("query " + promql + " failed: " + answer);
        }
        return answer.path("data");
    }

    /** The query's result vector or matrix. */
    JsonNode result(String promql) {
        return query(promql).path("result");
    }

    /** Waits until the query's result satisfies {@code condition}; returns it. */
    JsonNode awaitResult(String promql, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await(promql, () -> condition.test(last[0] = result(promql)));
        return last[0];
    }

    JsonNode get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            try (InputStream in = connection.getResponseCode() < 400 ? connection.getInputStream()
                    : connection.getErrorStream()) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new AssertionError("GET " + base + path + ": " + e, e);
        }
    }

    private int status(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
