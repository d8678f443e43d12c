package ge.wardops.cache;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

/**
 * The application's one Infinispan {@link DefaultCacheManager}: one set of internal threads and
 * one place to stop, instead of a manager per cache. Local (never clustered), JMX off; each user
 * defines its own cache with its own bounds and expiry. Beans that use a cache in their own
 * {@code @PostConstruct} and are EJB singletons name this bean in {@code @DependsOn}, so it
 * starts before them and stops after them.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LocalCaches {

    private DefaultCacheManager manager;

    @PostConstruct
    void start() {
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault()
                .classLoader(LocalCaches.class.getClassLoader())
                // Unique per deployment: a redeploy in the same JVM must not meet the old manager's name.
                .cacheManagerName("wardops-" + System.identityHashCode(this))
                .jmx().disable()
                .build());
    }

    @PreDestroy
    void stop() {
        if (manager != null) {
            manager.stop();
        }
    }

    /** The cache {@code name}, defined with {@code configuration} on first use (later calls get the same cache). */
    public synchronized <K, V> Cache<K, V> cache(String name, Configuration configuration) {
        if (manager.getCacheConfiguration(name) == null) {
            manager.defineConfiguration(name, configuration);
        }
        return manager.getCache(name);
    }
}
