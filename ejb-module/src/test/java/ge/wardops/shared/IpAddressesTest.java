package ge.wardops.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.30.25.39", "255.255.255.255", "0.0.0.0"})
    void ipv4LiteralsAreAcceptedAsWritten(String text) {
        assertEquals(text, IpAddresses.format(IpAddresses.parse("ip", text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "fe80::1", "2001:db8::8a2e:370:7334"})
    void ipv6LiteralsAreAccepted(String text) {
        assertTrue(IpAddresses.parse("ip", text) instanceof java.net.Inet6Address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "127.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "localhost", "example.com",
            "1.2.3.4/24", "gg::1", "1.2.3.-4", "<script>"})
    void anythingElseIsRefusedWithAReasonOnTheField(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IpAddresses.parse("ip", text));
        assertEquals("ip", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("not an IPv4 or IPv6 address"), e.getMessage());
    }

    @Test
    void surroundingSpacesAreForgiven() {
        assertEquals("127.0.0.5", IpAddresses.format(IpAddresses.parse("ip", "  127.0.0.5 ")));
    }
}
