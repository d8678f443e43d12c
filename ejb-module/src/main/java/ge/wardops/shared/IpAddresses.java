package ge.wardops.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IP address literals strictly. {@link InetAddress#getByName} alone would resolve a host
 * name through DNS and accept forms like "127.1"; a device address must be a literal.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /** The address, or an {@link InvalidInputException} on {@code field} saying why it is not one. */
    public static InetAddress parse(String field, String text) {
        String candidate = text == null ? "" : text.strip();
        boolean v4 = IPV4.matcher(candidate).matches();
        boolean v6 = !v4 && candidate.contains(":") && IPV6_CHARS.matcher(candidate).matches();
        if (!v4 && !v6) {
            throw new InvalidInputException(field, "'" + abbreviate(candidate) + "' is not an IPv4 or IPv6 address");
        }
        try {
            // A literal: no name service is consulted.
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException e) {
            throw new InvalidInputException(field, "'" + abbreviate(candidate) + "' is not an IPv4 or IPv6 address");
        }
    }

    public static String format(InetAddress address) {
        return address == null ? null : address.getHostAddress();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
