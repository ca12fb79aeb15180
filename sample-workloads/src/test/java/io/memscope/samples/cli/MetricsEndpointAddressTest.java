package io.memscope.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address the metrics endpoint prints: IPv6 in RFC 5952's short form, in brackets; IPv4 as given. */
class MetricsEndpointAddressTest {

    @ParameterizedTest
    @CsvSource({
            "::1, [::1]:9464",
            "0:0:0:0:0:0:0:0, [::]:9464",
            "fe80:0:0:0:0:0:0:1, [fe80::1]:9464",
            "2001:0db8:0000:0000:0001:0000:0000:0001, [2001:db8::1:0:0:1]:9464",
            "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]:9464",
            "1:0:0:0:0:0:0:0, [1::]:9464",
            "0:0:1:0:0:0:1:0, [0:0:1::1:0]:9464",
            "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF, [2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:9464",
            "0.0.0.0, 0.0.0.0:9464",
            "127.0.0.1, 127.0.0.1:9464",
    })
    void printsTheAddressAsAUrlWritesIt(String address, String expected) throws UnknownHostException {
        assertThat(MetricsEndpoint.hostPort(InetAddress.getByName(address), 9464)).isEqualTo(expected);
    }

    @Test
    void aLinkLocalAddressKeepsItsZoneAsAUrlEscapesIt() throws UnknownHostException {
        byte[] linkLocal = InetAddress.getByName("fe80::fc:ff:fe00:1").getAddress();
        assertThat(MetricsEndpoint.hostPort(Inet6Address.getByAddress(null, linkLocal, 2), 9464))
                .isEqualTo("[fe80::fc:ff:fe00:1%252]:9464");
    }
}
