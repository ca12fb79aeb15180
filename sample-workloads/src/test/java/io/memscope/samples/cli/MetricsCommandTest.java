package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.samples.cli.MemscopeCommandTest.Run;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** {@code --metrics-port} / {@code --metrics-bind} of {@code run} and {@code demo}, in this JVM. */
class MetricsCommandTest {

    @Test
    void aPortInUseIsOneLineAndExit2BeforeAnythingRuns() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = MemscopeCommandTest.run("run", "mesh", "--frames", "1", "--metrics-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).as(run.err()).isEqualTo(MemscopeCommand.EXIT_USAGE);
            assertThat(run.err().lines()).singleElement().asString().startsWith("memscope: --metrics-port "
                    + taken.getLocalPort() + ": 127.0.0.1:" + taken.getLocalPort() + " is in use");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void runServesMetricsWhileItRunsAtAHostNameAndStopsServingAtTheEnd() throws Exception {
        int port = freePort();
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> MemscopeCommandTest.run("run", "dynamic",
                "--seconds", "4", "--metrics-port", Integer.toString(port), "--metrics-bind", "localhost"));
        String body = awaitScrape(port, running);
        assertThat(body).contains("# TYPE gpu_memory_used_bytes gauge", "gpu_memory_used_bytes{device=\"",
                "gpu_memory_allocation_creates_total{", "tag=\"DynamicRenderer\"");
        HttpURLConnection other = open(port, "/");
        assertThat(other.getResponseCode()).isEqualTo(404);
        HttpURLConnection post = open(port, "/metrics");
        post.setRequestMethod("POST");
        assertThat(post.getResponseCode()).isEqualTo(405);
        Run run = running.get(60, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^metrics: http://(127\\.0\\.0\\.1|\\[::1\\]):" + port + "/metrics$");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free once the run ended").isEqualTo(port);
        }
    }

    @Test
    void portZeroPicksAFreePortAndPrintsIt() {
        Run run = MemscopeCommandTest.run("run", "mesh", "--frames", "2", "--metrics-port", "0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^metrics: http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics$");
    }

    @Test
    void aWildcardBindPrintsTheAddressAskedFor() {
        Run run = MemscopeCommandTest.run("run", "mesh", "--frames", "2", "--metrics-port", "0",
                "--metrics-bind", "0.0.0.0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^metrics: http://0\\.0\\.0\\.0:[1-9][0-9]*/metrics$");
    }

    private static String awaitScrape(int port, CompletableFuture<Run> running) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !running.isDone()) {
            try {
                HttpURLConnection connection = open(port, "/metrics");
                if (connection.getResponseCode() == 200) {
                    assertThat(connection.getContentType()).isEqualTo(MetricsEndpoint.CONTENT_TYPE);
                    try (InputStream in = connection.getInputStream()) {
                        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        if (body.contains("tag=\"DynamicRenderer\"")) {
                            return body;
                        }
                    }
                }
            } catch (java.net.ConnectException notYet) {
                // the command has not opened the port yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("no scrape with the workload's figures while it ran: " + running.getNow(null));
    }

    private static HttpURLConnection open(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        return connection;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
