package ge.wardops.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may send: an administrator configures the URL, but the server sends, so without
 * a check a channel could make the server post to what only it can reach — its own admin port,
 * the database, a cloud metadata service. The host is resolved and every address it resolves to is
 * checked: loopback, link-local (169.254.0.0/16, which holds the metadata address 169.254.169.254,
 * and fe80::/10), the unspecified address, other known metadata addresses and this machine's own
 * addresses (its listeners) are refused unless {@code wardops.notify.webhook.allowed-destinations}
 * names them (addresses or CIDR ranges). Checked when a channel is saved and again before every
 * send, since a name can resolve elsewhere later. Private ranges (10/8, 172.16/12, 192.168/16)
 * are allowed: a bank's receivers live there. A name that does not resolve is a problem too, but one
 * that may pass (a DNS hiccup): {@link #check} says so, and a send is then retried like an I/O error.
 */
public final class WebhookDestinations {

    /** Metadata services that are not link-local: Alibaba Cloud, AWS over IPv6. */
    private static final List<String> METADATA = List.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> allowed;

    private WebhookDestinations(List<Range> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * From the setting's value: addresses or CIDR ranges separated by commas ("127.0.0.1, 10.9.0.0/16");
     * empty or null allows nothing beyond the ordinary destinations.
     */
    public static WebhookDestinations allowing(String list) {
        List<Range> ranges = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.strip();
                if (e.isEmpty()) {
                    continue;
                }
                int slash = e.indexOf('/');
                String host = slash < 0 ? e : e.substring(0, slash);
                try {
                    InetAddress address = InetAddress.getByName(literal(host));
                    int max = address.getAddress().length * 8;
                    int prefix = slash < 0 ? max : Integer.parseInt(e.substring(slash + 1));
                    if (prefix < 0 || prefix > max) {
                        throw new IllegalArgumentException("wardops.notify.webhook.allowed-destinations: bad prefix in '" + e + "'");
                    }
                    ranges.add(new Range(address.getAddress(), prefix));
                } catch (UnknownHostException | NumberFormatException ex) {
                    throw new IllegalArgumentException("wardops.notify.webhook.allowed-destinations: '" + e
                            + "' is not an IP address or CIDR range", ex);
                }
            }
        }
        return new WebhookDestinations(ranges);
    }

    /**
     * The outcome of {@link #check}: {@code problem} says in words what is wrong (null when the URL may be
     * sent to); {@code transientProblem} is true when it may pass by itself — the host name does not
     * resolve right now — and false when the destination is refused for what it is.
     */
    public record Verdict(String problem, boolean transientProblem) {
        static final Verdict OK = new Verdict(null, false);
    }

    /** What is wrong with sending to {@code url}, in words for the channel's form; null when it may be sent to. */
    public String problem(String url) {
        return check(url).problem();
    }

    /** Like {@link #problem}, also telling a host that does not resolve now (transient) from a refused destination. */
    public Verdict check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Verdict("not a URL", false);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return new Verdict("a webhook URL names a host", false);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return new Verdict("the host '" + host + "' is not known (DNS)", true);
        }
        for (InetAddress a : addresses) {
            String refused = refused(a);
            if (refused != null && allowed.stream().noneMatch(r -> r.contains(a))) {
                return new Verdict("the host '" + host + "' resolves to " + a.getHostAddress() + ", " + refused
                        + "; an administrator can allow it with wardops.notify.webhook.allowed-destinations", false);
            }
        }
        return Verdict.OK;
    }

    /** Why the server must not send to {@code a} on an administrator's say-so alone, or null. */
    static String refused(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address (this server itself)";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (a instanceof Inet6Address six && six.getAddress()[0] == (byte) 0xfe && (six.getAddress()[1] & 0xc0) == 0x80) {
            return "a link-local address";
        }
        if (METADATA.contains(a.getHostAddress().toLowerCase(Locale.ROOT)) || a instanceof Inet4Address && a.getHostAddress().equals("169.254.169.254")) {
            return "a cloud metadata address";
        }
        try {
            if (NetworkInterface.getByInetAddress(a) != null) {
                return "an address of this server (its own listeners)";
            }
        } catch (SocketException e) {
            return "an address whose owner could not be checked";
        }
        return null;
    }

    private static String literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!h.contains(":") && !h.matches("[0-9.]+")) {
            throw new IllegalArgumentException("wardops.notify.webhook.allowed-destinations: '" + host
                    + "' is not an IP address (names are not allowed here, they can change)");
        }
        return h;
    }
}
