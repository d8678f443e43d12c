package ge.wardops.cluster;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How this node joins the cluster: a plain value, checked once, so a bad setting stops the start
 * with a clear message instead of a node that silently probes alone.
 *
 * @param enabled     false: one node that owns every device and is its own leader
 * @param name        the JGroups cluster name; nodes with the same name and discovery form one cluster
 * @param nodeName    this node's name in the view (Payara's instance name by default)
 * @param bindAddress the address JGroups' TCP listens on (loopback for the demo cluster)
 * @param port        the JGroups TCP port of this node
 * @param discovery   how members find each other: {@link Discovery#TCP} (a fixed member list) or
 *                    {@link Discovery#JDBC} (JDBC_PING2 over the application's own PostgreSQL)
 * @param members     for {@link Discovery#TCP}: the members' host:port, at least one
 * @param key         the cluster's shared secret key (required when enabled): every message between
 *                    the nodes is encrypted with it, so a process without it can neither join nor
 *                    read (also one that someone with the database password entered into the
 *                    discovery table)
 */
public record ClusterConfig(boolean enabled, String name, String nodeName, String bindAddress, int port, Discovery discovery,
                            List<InetSocketAddress> members, ClusterKey key) {

    public enum Discovery { TCP, JDBC }

    private static final Pattern MEMBER = Pattern.compile("\\s*([^\\s\\[\\],]+)\\[(\\d{1,5})]\\s*");

    public ClusterConfig {
        members = List.copyOf(members);
        if (enabled) {
            require(name != null && !name.isBlank(), "wardops.cluster.name must not be empty");
            require(nodeName != null && !nodeName.isBlank(), "wardops.cluster.node-name must not be empty");
            require(port > 0 && port < 65536, "wardops.cluster.port must be 1..65535, was " + port);
            require(discovery != Discovery.TCP || !members.isEmpty(),
                    "wardops.cluster.members must name at least one member (host[port],...) for tcp discovery");
            require(key != null, "wardops.cluster.keystore and wardops.cluster.keystore-password-file must be set: the nodes "
                    + "encrypt everything they send each other with the cluster key (deployment/wardops.sh cluster up makes one; "
                    + "docs/cluster.md says how to make it by hand)");
        }
    }

    /** One node alone: owns everything, leads itself. */
    public static ClusterConfig single() {
        return new ClusterConfig(false, "wardops", "local", "127.0.0.1", 7800, Discovery.TCP, List.of(), null);
    }

    /** {@code tcp} or {@code jdbc}, any case. */
    public static Discovery discovery(String value) {
        try {
            return Discovery.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wardops.cluster.discovery must be tcp or jdbc, was '" + value + "'");
        }
    }

    /** JGroups' initial-hosts form, {@code 127.0.0.1[7800],127.0.0.1[7801]}; empty text gives no members. */
    public static List<InetSocketAddress> members(String value) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split(",")) {
            Matcher m = MEMBER.matcher(part);
            require(m.matches(), "wardops.cluster.members: '" + part.trim() + "' is not host[port]");
            int port = Integer.parseInt(m.group(2));
            require(port > 0 && port < 65536, "wardops.cluster.members: port " + port + " is not 1..65535");
            out.add(InetSocketAddress.createUnresolved(m.group(1), port));
        }
        return out;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
