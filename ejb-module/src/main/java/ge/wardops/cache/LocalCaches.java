package ge.wardops.cache;

import ge.wardops.cluster.ClusterNode;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The caches of this node, all from the one Infinispan manager of {@link ClusterNode} (one set of
 * internal threads, one place to stop). {@link #cache} defines a cache local to this node (the
 * history and availability caches: each node keeps its own); {@link #shared} one that every node of
 * a cluster sees (replicated; local when the node is alone). Beans that use a cache in their own
 * {@code @PostConstruct} and are EJB singletons name this bean in {@code @DependsOn}, so it starts
 * before them and stops after them.
 */
@Singleton
@Startup
@DependsOn("ClusterNode")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LocalCaches {

    @EJB
    ClusterNode node;

    private EmbeddedCacheManager manager;

    @PostConstruct
    void start() {
        manager = node.cacheManager();
    }

    /** The cache {@code name}, local to this node, defined with {@code configuration} on first use (later calls get the same cache). */
    public synchronized <K, V> Cache<K, V> cache(String name, Configuration configuration) {
        if (manager.getCacheConfiguration(name) == null) {
            manager.defineConfiguration(name, configuration);
        }
        return manager.getCache(name);
    }

    /**
     * The cache {@code name}, the same on every node of the cluster: replicated asynchronously (a
     * write returns at once and reaches the others within milliseconds), local when the node is
     * alone. {@code configuration} gives the bounds; its cache mode is set here.
     */
    public synchronized <K, V> Cache<K, V> shared(String name, ConfigurationBuilder configuration) {
        if (manager.getCacheConfiguration(name) == null) {
            configuration.clustering().cacheMode(node.clustered() ? CacheMode.REPL_ASYNC : CacheMode.LOCAL);
            manager.defineConfiguration(name, configuration.build());
        }
        return manager.getCache(name);
    }

    public boolean clustered() {
        return node.clustered();
    }
}
