package ge.wardops.cluster;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.distribution.LocalizedCacheTopology;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.TopologyChanged;
import org.infinispan.notifications.cachelistener.event.TopologyChangedEvent;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.remoting.transport.Address;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;

import javax.sql.DataSource;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * This node's one Infinispan cache manager and what the cluster says about it: membership (the
 * JGroups view), work ownership (the primary owner of a key in the {@code work-ownership} cache's
 * topology) and leadership (the view's coordinator). One engine gives all three, so there are never
 * two views of the cluster that could disagree (docs/cluster.md).
 * <p>
 * Alone ({@link ClusterConfig#enabled()} false) the manager is local, this node owns every key and
 * leads. Not an EJB, so tests can start several members in one JVM; {@link ClusterNode} is the
 * application's holder.
 */
public final class Membership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Membership.class.getName());
    static final String OWNERSHIP_CACHE = "work-ownership";

    private final ClusterConfig config;
    private final DefaultCacheManager manager;
    private final Cache<String, Boolean> ownership;
    private final AtomicLong changes = new AtomicLong();
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();

    private Membership(ClusterConfig config, DefaultCacheManager manager) {
        this.config = config;
        this.manager = manager;
        if (config.enabled()) {
            ConfigurationBuilder b = new ConfigurationBuilder();
            // One owner: the cache holds nothing, only its topology is used. A key's segment is the
            // same on every node (String.hashCode), so all agree on its primary owner.
            b.clustering().cacheMode(CacheMode.DIST_SYNC).hash().numOwners(1);
            manager.defineConfiguration(OWNERSHIP_CACHE, b.build());
            ownership = manager.getCache(OWNERSHIP_CACHE);
            ownership.addListener(new TopologyListener());
            manager.addListener(new ViewListener());
        } else {
            ownership = null;
        }
    }

    /**
     * Starts this node's cache manager; clustered it joins (or forms) the cluster before it returns.
     *
     * @param dataSource the application's database, for {@link ClusterConfig.Discovery#JDBC}; may be null otherwise
     * @param managerName unique per deployment in the JVM (a redeploy must not meet the old manager's name)
     */
    public static Membership start(ClusterConfig config, DataSource dataSource, ClassLoader classLoader, String managerName) {
        GlobalConfigurationBuilder g = config.enabled() ? GlobalConfigurationBuilder.defaultClusteredBuilder()
                : new GlobalConfigurationBuilder().nonClusteredDefault();
        g.classLoader(classLoader).cacheManagerName(managerName).jmx().disable();
        if (config.enabled()) {
            if (config.discovery() == ClusterConfig.Discovery.JDBC && dataSource == null) {
                throw new IllegalStateException("wardops.cluster.discovery=jdbc needs the application's data source");
            }
            g.transport().clusterName(config.name()).nodeName(config.nodeName())
                    .addProperty(JGroupsTransport.CONFIGURATION_STRING, stack(config));
            if (dataSource != null) {
                DiscoveryDataSource.use(dataSource);
            }
            // Shared values (device states, cluster signals) are the application's own records;
            // each class is resolved once (SharedValueMarshaller says why).
            String[] allowed = {"ge\\.wardops\\..*", "java\\..*"};
            g.serialization().marshaller(new SharedValueMarshaller(classLoader, allowed)).allowList().addRegexps(allowed);
        }
        DefaultCacheManager manager = new DefaultCacheManager(g.build());
        try {
            Membership m = new Membership(config, manager);
            if (config.enabled()) {
                LOG.info(() -> "Cluster '" + config.name() + "' joined as " + config.nodeName() + " (" + config.discovery()
                        + " discovery, " + config.bindAddress() + ":" + config.port() + "): members " + m.members()
                        + ", leader " + m.leaderName());
            }
            return m;
        } catch (RuntimeException e) {
            manager.stop();
            throw e;
        }
    }

    /**
     * SYM_ENCRYPT right under NAKACK2 (where JGroups places it: the join, view, state and data
     * messages of every protocol above it are encrypted) with AES-256 in CBC mode and a random IV per
     * message: a process without the key cannot join, be merged in or read anything, and what it
     * sends is dropped. (JGroups 5.3 has no authenticated mode for SYM_ENCRYPT; docs/cluster.md says
     * what that leaves and why the nodes' network should still be the bank's server network.)
     */
    private static String encryption(ClusterKey key) {
        if (key == null) {
            return "";
        }
        return "<SYM_ENCRYPT keystore_name=\"" + xml(key.keystore().toAbsolutePath().toString()) + "\" keystore_type=\"PKCS12\""
                + " store_password=\"" + xml(key.password()) + "\" key_password=\"" + xml(key.password()) + "\""
                + " alias=\"" + ClusterKey.ALIAS + "\" sym_algorithm=\"AES/CBC/PKCS5Padding\" sym_iv_length=\"16\"/>";
    }

    /**
     * The JGroups stack, as the XML Infinispan reads (a channel built in code is not taken by
     * Infinispan 15's transport): TCP on the configured address only, discovery by a fixed member
     * list (TCPPING) or by a table in the application's PostgreSQL (JDBC_PING2, through the
     * application's data source), failure detection that notices a killed process at once (FD_SOCK2:
     * its socket closes) and a hung one within 12 s (FD_ALL3). No multicast anywhere;
     * everything between the nodes encrypted with the cluster key ({@link #encryption}).
     */
    static String stack(ClusterConfig config) {
        String discovery;
        if (config.discovery() == ClusterConfig.Discovery.JDBC) {
            // The table comes from the schema migrations (V22): the runtime role may not create it.
            discovery = "<JDBC_PING2 datasource_injecter_class=\"" + DiscoveryDataSource.class.getName() + "\" initialize_sql=\"SELECT 1\""
                    + " insert_single_sql=\"INSERT INTO cluster_discovery (address, name, cluster, ip, coord) VALUES (?, ?, ?, ?, ?)\""
                    + " delete_single_sql=\"DELETE FROM cluster_discovery WHERE address = ?\""
                    + " clear_sql=\"DELETE FROM cluster_discovery WHERE cluster = ?\""
                    + " select_all_pingdata_sql=\"SELECT address, name, ip, coord FROM cluster_discovery WHERE cluster = ?\""
                    + " remove_all_data_on_view_change=\"true\"/>";
        } else {
            StringBuilder hosts = new StringBuilder();
            for (InetSocketAddress m : config.members()) {
                hosts.append(hosts.isEmpty() ? "" : ",").append(m.getHostString()).append('[').append(m.getPort()).append(']');
            }
            discovery = "<TCPPING initial_hosts=\"" + xml(hosts.toString()) + "\" port_range=\"0\"/>";
        }
        return "<config xmlns=\"urn:org:jgroups\">"
                + "<TCP bind_addr=\"" + xml(config.bindAddress()) + "\" bind_port=\"" + config.port() + "\" port_range=\"0\""
                + " diag.enabled=\"false\" sock_conn_timeout=\"300ms\"/>"
                + discovery
                + "<MERGE3 min_interval=\"5s\" max_interval=\"15s\"/>"
                + "<FD_SOCK2/>"
                + "<FD_ALL3 timeout=\"12s\" interval=\"3s\"/>"
                + "<VERIFY_SUSPECT2 timeout=\"1.5s\"/>"
                + encryption(config.key())
                + "<pbcast.NAKACK2 use_mcast_xmit=\"false\"/>"
                + "<UNICAST3/>"
                + "<pbcast.STABLE/>"
                + "<pbcast.GMS join_timeout=\"2s\" print_local_addr=\"false\"/>"
                + "<UFC/><MFC/><FRAG4/>"
                + "</config>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    /** Where this node's JGroups listens (alone: nothing). */
    public List<String> physicalAddresses() {
        if (!config.enabled()) {
            return List.of();
        }
        return ownership.getAdvancedCache().getRpcManager().getTransport().getPhysicalAddresses().stream().map(String::valueOf).toList();
    }

    public EmbeddedCacheManager manager() {
        return manager;
    }

    public boolean clustered() {
        return config.enabled();
    }

    public String nodeName() {
        return config.enabled() ? String.valueOf(manager.getAddress()) : config.nodeName();
    }

    /**
     * Whether this node owns the work named by {@code key} (a branch's devices: {@code branch:<id>}):
     * it is the key's primary owner in the topology's current consistent hash. That hash changes
     * only when a topology is installed (a rebalance's end, a member's death), never in the middle
     * of a rebalance, so for any one topology every key has exactly one owner among the live
     * members; nodes install a new topology within milliseconds of each other.
     */
    public boolean owns(String key) {
        return ownership == null || owns(ownership.getAdvancedCache().getDistributionManager().getCacheTopology(), key);
    }

    static boolean owns(LocalizedCacheTopology topology, String key) {
        return topology.getLocalAddress().equals(
                topology.getCurrentCH().locatePrimaryOwnerForSegment(topology.getSegment(key)));
    }

    /** The ownership of the current topology, for many questions at once ({@link Ownership}). */
    public Ownership ownership() {
        return ownership == null ? Ownership.ALL : new Ownership(ownership.getAdvancedCache().getDistributionManager().getCacheTopology());
    }

    /** The id of the topology {@link #owns} answers for (alone: 0). */
    public int topologyId() {
        return ownership == null ? 0 : ownership.getAdvancedCache().getDistributionManager().getCacheTopology().getTopologyId();
    }

    /**
     * Whether the ownership topology is at rest (alone: always): no rebalance under way, and the
     * consistent hash names exactly the members of the current view. Right after a member leaves,
     * the view already lacks it while the topology that drops it from the hash is still on its way
     * from the coordinator; until then its keys have no live owner.
     */
    public boolean settled() {
        if (ownership == null) {
            return true;
        }
        var distribution = ownership.getAdvancedCache().getDistributionManager();
        List<Address> view = manager.getMembers();
        return !distribution.isRehashInProgress() && view != null
                && new java.util.HashSet<>(distribution.getCacheTopology().getCurrentCH().getMembers()).equals(new java.util.HashSet<>(view));
    }

    /** Whether this node runs the once-per-cluster jobs: the view's coordinator (alone: always). */
    public boolean leader() {
        return !config.enabled() || manager.isCoordinator();
    }

    public String leaderName() {
        return config.enabled() ? String.valueOf(manager.getCoordinator()) : config.nodeName();
    }

    /** The members of the current view, coordinator first. */
    public List<String> members() {
        if (!config.enabled()) {
            return List.of(config.nodeName());
        }
        List<Address> view = manager.getMembers();
        return view == null ? List.of() : view.stream().map(String::valueOf).toList();
    }

    /** Counts settled topology changes (joins, leaves, deaths) since start. */
    public long changes() {
        return changes.get();
    }

    /** Called after each settled topology change of the ownership cache, on Infinispan's thread. */
    public void onChange(Runnable listener) {
        onChange.add(listener);
    }

    @Override
    public void close() {
        manager.stop();
    }

    @Listener(sync = false)
    public final class TopologyListener {
        @TopologyChanged
        public void changed(TopologyChangedEvent<?, ?> event) {
            if (event.isPre()) {
                return;
            }
            changes.incrementAndGet();
            LOG.info(() -> "Cluster ownership changed (topology " + event.getNewTopologyId() + "): members " + members()
                    + ", leader " + leaderName() + ", this node " + nodeName());
            for (Runnable r : onChange) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.WARNING, "A cluster change listener failed", e);
                }
            }
        }
    }

    @Listener(sync = false)
    public final class ViewListener {
        @ViewChanged
        public void changed(ViewChangedEvent event) {
            LOG.info(() -> "Cluster view: " + event.getNewMembers() + " (was " + event.getOldMembers() + ")");
        }
    }
}
