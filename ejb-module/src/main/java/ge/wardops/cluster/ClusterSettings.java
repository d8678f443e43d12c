package ge.wardops.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The one home of the cluster's settings ({@code wardops.cluster.*}); each default's reason is in
 * docs/configuration.md and docs/cluster.md.
 */
@ApplicationScoped
public class ClusterSettings {

    @Inject
    @ConfigProperty(name = "wardops.cluster.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "wardops.cluster.name", defaultValue = "wardops")
    String name;

    @Inject
    @ConfigProperty(name = "wardops.cluster.node-name")
    Optional<String> nodeName;

    @Inject
    @ConfigProperty(name = "wardops.cluster.bind-address", defaultValue = "127.0.0.1")
    String bindAddress;

    @Inject
    @ConfigProperty(name = "wardops.cluster.port", defaultValue = "7800")
    int port;

    @Inject
    @ConfigProperty(name = "wardops.cluster.discovery", defaultValue = "tcp")
    String discovery;

    @Inject
    @ConfigProperty(name = "wardops.cluster.members")
    Optional<String> members;

    @Inject
    @ConfigProperty(name = "wardops.cluster.keystore")
    Optional<String> keystore;

    @Inject
    @ConfigProperty(name = "wardops.cluster.keystore-password-file")
    Optional<String> keystorePasswordFile;

    /** The settings checked into one value; throws with the property's name when one is wrong. */
    public ClusterConfig config() {
        String node = nodeName.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getProperty("com.sun.aas.instanceName")))
                .orElseGet(ClusterSettings::hostName);
        ClusterKey key = enabled && keystore.filter(s -> !s.isBlank()).isPresent() && keystorePasswordFile.filter(s -> !s.isBlank()).isPresent()
                ? ClusterKey.load(java.nio.file.Path.of(keystore.get().strip()), java.nio.file.Path.of(keystorePasswordFile.get().strip()))
                : null;
        return new ClusterConfig(enabled, name, node, bindAddress, port, ClusterConfig.discovery(discovery),
                ClusterConfig.members(members.orElse("")), key);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "node";
        }
    }
}
