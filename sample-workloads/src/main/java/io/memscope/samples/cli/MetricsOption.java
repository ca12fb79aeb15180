package io.memscope.samples.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --metrics-port} and {@code --metrics-bind} for the commands that run workloads: serve the run's GPU memory as
 * Prometheus metrics ({@link MetricsEndpoint}, docs/metrics.md). Bad values, an address that is not this machine's and
 * a port in use are usage errors (one line, exit 2) found before the device opens.
 */
final class MetricsOption {
    @Spec(Spec.Target.MIXEE)
    @Nullable CommandSpec spec;

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = Port.class,
            description = "Serve GPU memory metrics at http://ADDRESS:PORT/metrics in the Prometheus text format while "
                    + "it runs (1-65535; 0 picks a free port; the URL is printed).")
    @Nullable Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", converter = Address.class,
            description = "With --metrics-port: the address to listen on, a name or an IP of this machine "
                    + "(default 127.0.0.1, this machine only; 0.0.0.0 for every interface).")
    @Nullable InetAddress bind;

    /**
     * Opens the endpoint if {@code --metrics-port} was given: the port is taken now, the figures come once
     * {@link MetricsEndpoint#serve} has a monitor. Null without {@code --metrics-port}.
     *
     * @throws ParameterException for {@code --metrics-bind} without {@code --metrics-port}, a port in use, an address
     *     that is not this machine's
     */
    @Nullable MetricsEndpoint open() {
        Integer p = port;
        if (p == null) {
            if (bind != null) {
                throw usage("--metrics-bind needs --metrics-port");
            }
            return null;
        }
        InetAddress address = bind != null ? bind : InetAddress.getLoopbackAddress();
        try {
            return MetricsEndpoint.open(address, p);
        } catch (BindException e) {
            String where = MetricsEndpoint.hostPort(address, p);
            throw usage(p != 0 && !String.valueOf(e.getMessage()).contains("assign")
                    ? "--metrics-port " + p + ": " + where + " is in use (" + e.getMessage()
                    + "); choose another port, or 0 for a free one"
                    : "--metrics-bind " + address.getHostAddress() + ": cannot listen on " + where + " ("
                    + e.getMessage() + "); give an address of this machine");
        } catch (IOException e) {
            throw usage("cannot serve metrics on " + MetricsEndpoint.hostPort(address, p) + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(Objects.requireNonNull(spec).commandLine(), message);
    }

    /** A TCP port: ASCII digits, 0 to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new TypeConversionException("'" + value + "' is not a port (a whole number from 1 to 65535, or 0 "
                        + "for a free one)");
            }
            int port = Integer.parseInt(value);
            if (port > 65535) {
                throw new TypeConversionException("'" + value + "' is not a port: at most 65535");
            }
            return port;
        }
    }

    /** A host name or IP address that resolves (the first address it resolves to). */
    static final class Address implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("'" + value + "' is not an address");
            }
            try {
                return InetAddress.getByName(value.strip());
            } catch (UnknownHostException | SecurityException e) {
                throw new TypeConversionException("'" + value + "' does not resolve to an address");
            }
        }
    }
}
