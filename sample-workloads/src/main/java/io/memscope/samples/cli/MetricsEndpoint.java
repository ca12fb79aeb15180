package io.memscope.samples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memscope.core.MemoryMonitor;
import io.memscope.metrics.GpuMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * {@code /metrics} in the Prometheus text format (0.0.4) over the JDK's HTTP server: a {@link PrometheusMeterRegistry}
 * with a {@link GpuMemoryMetrics} bound to the run's monitor. Anything but {@code GET}/{@code HEAD /metrics} gets
 * 404 or 405.
 *
 * <p>Threading: the server's one dispatcher thread answers scrapes, one at a time; a scrape reads the binder's latest
 * samples (cost: docs/performance.md). {@link #close()} stops the server (the port is free when it returns) and
 * unbinds the metrics. Before {@link #serve} the endpoint answers with an empty body.
 */
final class MetricsEndpoint implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    /** The address asked for: a wildcard (0.0.0.0) reads as itself, not as the socket's {@code [::]}. */
    private final InetAddress address;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile @Nullable GpuMemoryMetrics metrics;

    private MetricsEndpoint(HttpServer server, InetAddress address) {
        this.server = server;
        this.address = address;
        server.createContext("/metrics", this::handle);
        server.start();
    }

    /**
     * Listens on {@code address:port} (port 0: a free one).
     *
     * @throws IOException if it cannot ({@link java.net.BindException}: in use, or not this machine's address)
     */
    static MetricsEndpoint open(InetAddress address, int port) throws IOException {
        return new MetricsEndpoint(HttpServer.create(new InetSocketAddress(address, port), 16), address);
    }

    /** Binds the metrics to {@code monitor}; from now on scrapes show its figures. */
    void serve(MemoryMonitor monitor) {
        GpuMemoryMetrics bound = new GpuMemoryMetrics(monitor);
        bound.bindTo(registry);
        metrics = bound;
    }

    /** The URL to scrape, e.g. {@code http://127.0.0.1:9464/metrics} ({@code http://0.0.0.0:9464/metrics}: any). */
    String url() {
        return "http://" + hostPort(address, port()) + "/metrics";
    }

    /** The port it listens on (the chosen one for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /**
     * {@code host:port} as a URL writes it: IPv4 as it is, IPv6 in brackets in its short form with its zone, if any,
     * as RFC 6874 writes it ({@code [fe80::1%25eth0]}: a link-local address means nothing without it).
     */
    static String hostPort(InetAddress address, int port) {
        if (address instanceof Inet6Address v6) {
            return "[" + shortForm(v6.getAddress()) + zone(v6) + "]:" + port;
        }
        return address.getHostAddress() + ":" + port;
    }

    /** The zone of a scoped IPv6 address as a URL escapes it ({@code %25eth0}, {@code %252}); empty without one. */
    private static String zone(Inet6Address address) {
        NetworkInterface scoped = address.getScopedInterface();
        if (scoped != null) {
            return "%25" + scoped.getName();
        }
        return address.getScopeId() != 0 ? "%25" + address.getScopeId() : "";
    }

    /**
     * An IPv6 address as RFC 5952 writes it ({@code ::1}, {@code fe80::1}): groups without leading zeros, the longest
     * run of two or more zero groups (the first of equal runs) as {@code ::}; without the zone.
     */
    static String shortForm(byte[] ipv6) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (ipv6[2 * i] & 0xff) << 8 | (ipv6[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group stays "0"
        for (int i = 0; i < 8; ) {
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = Math.max(end, i + 1);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        GpuMemoryMetrics bound = metrics;
        if (bound != null) {
            bound.close();
        }
        registry.close();
    }
}
