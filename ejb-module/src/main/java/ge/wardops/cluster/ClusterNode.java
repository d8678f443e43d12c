package ge.wardops.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.manager.EmbeddedCacheManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node in the cluster: the application's one Infinispan cache manager ({@link Membership}),
 * which device belongs to which node, and which node runs the once-per-cluster jobs. Alone
 * ({@code wardops.cluster.enabled=false}, the default) it owns every device and leads.
 * <p>
 * Work is owned per branch ({@link #ownership}): a branch's devices are probed, confirmed and
 * evaluated on one node, so a branch outage is decided in one place. See docs/cluster.md.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());

    @Inject
    ClusterSettings settings;

    @Resource(lookup = "jdbc/wardops")
    DataSource dataSource;

    @Inject
    Event<ClusterChanged> changed;

    @Inject
    MetricRegistry metrics;

    private Membership membership;

    @PostConstruct
    void start() {
        ClusterConfig config = settings.config();
        // Unique per deployment: a redeploy in the same JVM must not meet the old manager's name.
        membership = Membership.start(config, dataSource, ClusterNode.class.getClassLoader(), "wardops-" + System.identityHashCode(this));
        membership.onChange(() -> {
            try {
                changed.fire(new ClusterChanged(membership.topologyId(), membership.members(), membership.leaderName()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An observer of the cluster change failed", e);
            }
        });
        metrics.gauge("wardops_cluster_members", () -> membership.members().size());
        metrics.gauge("wardops_cluster_leader", () -> membership.leader() ? 1 : 0);
        metrics.gauge("wardops_cluster_topology_changes", membership::changes);
    }

    @PreDestroy
    void stop() {
        if (membership != null) {
            membership.close();
        }
    }

    /** The one cache manager of this node (clustered when the cluster is on); {@code LocalCaches} hands out its caches. */
    public EmbeddedCacheManager cacheManager() {
        return membership.manager();
    }

    public boolean clustered() {
        return membership.clustered();
    }

    /** Whether this node runs the once-per-cluster jobs (escalations, retention, audit anchors and checks). */
    public boolean leader() {
        return membership.leader();
    }

    /**
     * Ownership as of now (which branches' devices this node probes and evaluates, which regions'
     * rules), for a round's many questions: one call of this bean instead of one per device (each a
     * container invocation with its own transaction), and one topology for all.
     */
    public Ownership ownership() {
        return membership.ownership();
    }

    public static String branchKey(long branchId) {
        return "branch:" + branchId;
    }

    static String regionKey(long regionId) {
        return "region:" + regionId;
    }

    /**
     * Waits (at most {@code max}) while the ownership topology is being rebalanced, so a round that
     * starts during a join decides its devices on the settled topology. Returns whether it settled.
     */
    public boolean awaitSettled(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!membership.settled()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public ClusterView view(int ownedDevices, int devices) {
        return new ClusterView(membership.clustered(), membership.nodeName(), membership.leaderName(), membership.members(),
                membership.topologyId(), membership.settled(), membership.changes(), ownedDevices, devices);
    }

    public String nodeName() {
        return membership.nodeName();
    }
}
