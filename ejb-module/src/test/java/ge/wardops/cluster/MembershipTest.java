package ge.wardops.cluster;

import ge.wardops.devicestate.DeviceState;
import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.InetSocketAddress;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real members in one JVM, JGroups over TCP on loopback: each branch key has exactly one owner
 * among the live members, exactly one leader, a member that leaves hands its share to the others,
 * a joining member never makes two members own a key at the same moment, JDBC discovery works
 * through the real table as the runtime role, and a process without the cluster key cannot join.
 */
class MembershipTest {

    private static final int BASE = Integer.getInteger("test.cluster.jgroups.port", 7750);
    private static final int KEYS = 2_000;
    private final List<Membership> started = new ArrayList<>();

    @TempDir
    static java.nio.file.Path keys;
    /** The cluster's key, and another one (an outsider's). */
    private static ClusterKey key;
    private static ClusterKey otherKey;

    @BeforeAll
    static void makeKeys() throws Exception {
        key = keystore("cluster.p12", "a-keystore-password");
        otherKey = keystore("outsider.p12", "another-password");
    }

    /** A PKCS12 keystore with a fresh AES-256 key at the cluster alias, as "wardops.sh cluster up" makes with keytool. */
    static ClusterKey keystore(String file, String password) throws Exception {
        javax.crypto.KeyGenerator generator = javax.crypto.KeyGenerator.getInstance("AES");
        generator.init(256);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry(ClusterKey.ALIAS, new java.security.KeyStore.SecretKeyEntry(generator.generateKey()),
                new java.security.KeyStore.PasswordProtection(password.toCharArray()));
        java.nio.file.Path path = keys.resolve(file);
        try (var out = java.nio.file.Files.newOutputStream(path)) {
            store.store(out, password.toCharArray());
        }
        java.nio.file.Path passwordFile = keys.resolve(file + ".password");
        java.nio.file.Files.writeString(passwordFile, password + "\n");
        return ClusterKey.load(path, passwordFile);
    }

    @AfterEach
    void stopAll() {
        started.forEach(m -> {
            try {
                m.close();
            } catch (RuntimeException ignored) {
                // already stopped by the test
            }
        });
    }

    @Test
    void everyKeyHasExactlyOneOwnerAndTheClusterOneLeaderAsMembersComeAndGo() throws Exception {
        String cluster = "membership-" + ProcessHandle.current().pid();
        Membership a = member(cluster, "a", BASE);
        Membership b = member(cluster, "b", BASE + 1);
        awaitView(List.of(a, b), 2);
        // Only the configured loopback address and port: no multicast, no other interface.
        assertEquals(List.of("127.0.0.1:" + BASE), a.physicalAddresses());
        assertEquals(List.of("127.0.0.1:" + (BASE + 1)), b.physicalAddresses());
        assertExactlyOneOwner(List.of(a, b));
        assertTrue(shareOf(a) > KEYS / 4 && shareOf(b) > KEYS / 4, "both members take a share: " + shareOf(a) + " / " + shareOf(b));
        assertEquals(1, List.of(a, b).stream().filter(Membership::leader).count(), "one leader");
        assertEquals(a.leaderName(), b.leaderName(), "both name the same leader");

        // The application's own records travel between members (the shared device states).
        org.infinispan.Cache<Long, DeviceState> onA = replicated(a, "states");
        org.infinispan.Cache<Long, DeviceState> onB = replicated(b, "states");
        awaitCacheTopology(List.of(onA, onB));
        DeviceState down = DeviceState.down(42, java.time.Instant.parse("2026-12-05T10:00:00Z"));
        onA.put(42L, down);
        await(() -> down.equals(onB.get(42L)), "the state written on one member read on the other");
        org.infinispan.Cache<String, PeerSignal> signalsA = replicated(a, "signals");
        org.infinispan.Cache<String, PeerSignal> signalsB = replicated(b, "signals");
        awaitCacheTopology(List.of(signalsA, signalsB));
        PeerSignal round = new PeerSignal("a", new ge.wardops.devicestate.StateChanges(java.time.Instant.parse("2026-12-05T10:00:10Z"),
                List.of(new ge.wardops.devicestate.DeviceStateChanged(42, ge.wardops.devicestate.DeviceStatus.UP,
                        ge.wardops.devicestate.DeviceStatus.DOWN, java.time.Instant.parse("2026-12-05T10:00:09Z"), null, 100))));
        signalsA.put("a:1", round);
        await(() -> round.equals(signalsB.get("a:1")), "a round's signal sent by one member received by the other");

        // A third member joins: while it does, no key is ever owned by two members at once.
        Membership[] joining = new Membership[1];
        Thread join = new Thread(() -> joining[0] = member(cluster, "c", BASE + 2));
        join.start();
        int checks = 0;
        while (join.isAlive() && checks < 100_000) {
            assertAtMostOneOwner(List.of(a, b));
            checks++;
        }
        assertTrue(checks > 0, "ownership was checked while the member joined");
        join.join(60_000);
        Membership c = joining[0];
        for (int i = 0; i < 2_000 && !(a.settled() && b.settled() && c.settled()); i++) {
            assertAtMostOneOwner(List.of(a, b, c));
            Thread.sleep(5);
        }
        awaitView(List.of(a, b, c), 3);
        assertExactlyOneOwner(List.of(a, b, c));
        assertTrue(shareOf(c) > 0, "the new member takes a share");
        assertEquals(1, List.of(a, b, c).stream().filter(Membership::leader).count(), "still one leader");

        // The leader leaves: the two others own everything between them and one of them leads.
        Membership leader = List.of(a, b, c).stream().filter(Membership::leader).findFirst().orElseThrow();
        List<Membership> rest = new ArrayList<>(List.of(a, b, c));
        rest.remove(leader);
        long changesBefore = rest.get(0).changes();
        leader.close();
        awaitView(rest, 2);
        assertExactlyOneOwner(rest);
        assertEquals(1, rest.stream().filter(Membership::leader).count(), "a new leader");
        assertTrue(rest.get(0).changes() > changesBefore, "the change was announced");
    }

    @Test
    void aMemberAloneOwnsEverythingAndLeads() {
        Membership alone = Membership.start(ClusterConfig.single(), null, getClass().getClassLoader(), "alone-" + System.nanoTime());
        started.add(alone);
        assertTrue(alone.owns("branch:1") && alone.owns("branch:2"));
        assertTrue(alone.ownership().ownsBranch(1) && alone.ownership().ownsRegion(2));
        assertTrue(alone.leader());
        assertFalse(alone.clustered());
        assertEquals(List.of("local"), alone.members());
    }

    @Test
    void membersFindEachOtherThroughTheDatabaseAsTheRuntimeRole() throws Exception {
        MigratedSchema schema = MigratedSchema.fresh("cluster_discovery_test");
        schema.runtimeConnection().close(); // applies the runtime role's grants
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(schema.schemaUrl());
        ds.setUser(MigratedSchema.runtimeUser());
        ds.setPassword(System.getProperty("test.db.runtime.password", "wardops_runtime"));
        String cluster = "jdbc-" + ProcessHandle.current().pid();
        Membership a = jdbcMember(cluster, "ja", BASE + 10, ds);
        Membership b = jdbcMember(cluster, "jb", BASE + 11, ds);
        awaitView(List.of(a, b), 2);
        assertExactlyOneOwner(List.of(a, b));
        assertEquals(List.of("127.0.0.1:" + (BASE + 11)), b.physicalAddresses());
        try (Statement s = schema.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM cluster_discovery WHERE cluster = '" + cluster + "'")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 2, "both members wrote their address: " + rs.getInt(1));
        }
    }

    /**
     * Someone who can reach the nodes' port (or, with the database password, writes an address into
     * the discovery table) starts a member with the cluster's name but without its key: the members
     * drop what it sends; it stays alone and owns nothing of theirs, and their view stays theirs.
     */
    @Test
    void aMemberWithoutTheClusterKeyCannotJoinNorTakeAShare() throws Exception {
        String cluster = "keyed-" + ProcessHandle.current().pid();
        List<InetSocketAddress> all = List.of(InetSocketAddress.createUnresolved("127.0.0.1", BASE + 6),
                InetSocketAddress.createUnresolved("127.0.0.1", BASE + 7), InetSocketAddress.createUnresolved("127.0.0.1", BASE + 8));
        Membership a = member(cluster, "a", BASE + 6, all);
        Membership b = member(cluster, "b", BASE + 7, all);
        awaitView(List.of(a, b), 2);
        Membership outsider = Membership.start(new ClusterConfig(true, cluster, "intruder", "127.0.0.1", BASE + 8, ClusterConfig.Discovery.TCP,
                all, otherKey), null, getClass().getClassLoader(), cluster + "-intruder");
        started.add(outsider);
        Thread.sleep(5_000); // a merge attempt's time
        assertEquals(List.of("intruder"), outsider.members(), "the outsider is alone");
        assertEquals(2, a.members().size(), "the members' view is unchanged: " + a.members());
        assertEquals(a.members(), b.members());
        assertFalse(a.members().contains("intruder"), a.members().toString());
        assertExactlyOneOwner(List.of(a, b));
        assertEquals(1, List.of(a, b).stream().filter(Membership::leader).count(), "their leader is still one of them");
    }

    @Test
    void aClusteredNodeNeedsTheKeyAndAWrongPasswordSaysSo() throws Exception {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new ClusterConfig(true, "c", "n", "127.0.0.1",
                7800, ClusterConfig.Discovery.TCP, List.of(InetSocketAddress.createUnresolved("127.0.0.1", 7800)), null));
        assertTrue(none.getMessage().contains("wardops.cluster.keystore"), none.getMessage());
        java.nio.file.Path wrong = keys.resolve("wrong.password");
        java.nio.file.Files.writeString(wrong, "not-the-password");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ClusterKey.load(key.keystore(), wrong));
        assertTrue(bad.getMessage().contains("wardops.cluster.keystore") && bad.getMessage().contains("password"), bad.getMessage());
        assertFalse(key.toString().contains(key.password()), "the password is never printed: " + key);
    }

    @Test
    void badSettingsAreRefusedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.members("127.0.0.1:7800"));
        assertTrue(e.getMessage().contains("wardops.cluster.members"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.discovery("multicast"));
        assertThrows(IllegalArgumentException.class, () -> new ClusterConfig(true, "c", "n", "127.0.0.1", 7800,
                ClusterConfig.Discovery.TCP, List.of(), key));
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 7800), InetSocketAddress.createUnresolved("h", 7801)),
                ClusterConfig.members(" 127.0.0.1[7800], h[7801]"));
    }

    private static <K, V> org.infinispan.Cache<K, V> replicated(Membership m, String name) {
        org.infinispan.configuration.cache.ConfigurationBuilder b = new org.infinispan.configuration.cache.ConfigurationBuilder();
        b.clustering().cacheMode(org.infinispan.configuration.cache.CacheMode.REPL_ASYNC);
        m.manager().defineConfiguration(name, b.build());
        return m.manager().getCache(name);
    }

    /**
     * Until the members' copies of a new cache agree on one settled topology naming them all: an
     * asynchronous write sent while the joiner's rebalance is still moving through its phases can
     * reach a member already on a later topology and is then dropped, not retried (docs/cluster.md
     * says what that means for the product's signals).
     */
    private static void awaitCacheTopology(List<org.infinispan.Cache<?, ?>> caches) throws InterruptedException {
        await(() -> caches.stream().allMatch(c -> c.getAdvancedCache().getDistributionManager().getCacheTopology().getMembers().size()
                        == caches.size() && c.getAdvancedCache().getDistributionManager().getCacheTopology().getPhase()
                        == org.infinispan.topology.CacheTopology.Phase.NO_REBALANCE)
                        && caches.stream().map(c -> c.getAdvancedCache().getDistributionManager().getCacheTopology().getTopologyId())
                        .distinct().count() == 1,
                "every member's copy of the cache on one settled topology naming every member");
    }

    private Membership member(String cluster, String node, int port) {
        return member(cluster, node, port, List.of(InetSocketAddress.createUnresolved("127.0.0.1", BASE),
                InetSocketAddress.createUnresolved("127.0.0.1", BASE + 1), InetSocketAddress.createUnresolved("127.0.0.1", BASE + 2)));
    }

    private Membership member(String cluster, String node, int port, List<InetSocketAddress> members) {
        Membership m = Membership.start(new ClusterConfig(true, cluster, node, "127.0.0.1", port, ClusterConfig.Discovery.TCP, members, key),
                null, getClass().getClassLoader(), cluster + "-" + node);
        synchronized (started) {
            started.add(m);
        }
        return m;
    }

    private Membership jdbcMember(String cluster, String node, int port, PGSimpleDataSource ds) {
        Membership m = Membership.start(new ClusterConfig(true, cluster, node, "127.0.0.1", port, ClusterConfig.Discovery.JDBC, List.of(), key),
                ds, getClass().getClassLoader(), cluster + "-" + node);
        started.add(m);
        return m;
    }

    private static void awaitView(List<Membership> members, int size) throws InterruptedException {
        await(() -> members.stream().allMatch(m -> m.members().size() == size && m.settled())
                && members.stream().map(Membership::topologyId).distinct().count() == 1, "a settled view of " + size + " in one topology");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 600; i++) { // 30 s at most
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Asked of each member and of each member's one-topology snapshot (what a round asks): the same answers. */
    private static void assertExactlyOneOwner(List<Membership> members) {
        List<Ownership> snapshots = members.stream().map(Membership::ownership).toList();
        for (int k = 0; k < KEYS; k++) {
            String key = "branch:" + k;
            long owners = members.stream().filter(m -> m.owns(key)).count();
            assertEquals(1, owners, key + " owners");
            long id = k;
            assertEquals(1, snapshots.stream().filter(o -> o.ownsBranch(id)).count(), key + " owners in the members' snapshots");
            for (int i = 0; i < members.size(); i++) {
                assertEquals(members.get(i).owns(key), snapshots.get(i).ownsBranch(id), key + ": a snapshot answers as its member");
                assertEquals(members.get(i).owns("region:" + k), snapshots.get(i).ownsRegion(id), "region " + k);
            }
        }
    }

    /** Among the members that answer for the same topology (the same before and after the look), no key has two owners. */
    private static void assertAtMostOneOwner(List<Membership> members) {
        for (int k = 0; k < KEYS; k += 7) {
            String key = "branch:" + k;
            List<Integer> before = members.stream().map(Membership::topologyId).toList();
            long owners = members.stream().filter(m -> m.owns(key)).count();
            List<Integer> after = members.stream().map(Membership::topologyId).toList();
            if (before.equals(after) && before.stream().distinct().count() == 1) {
                assertTrue(owners <= 1, key + " is owned by " + owners + " members in topology " + before.get(0));
            }
        }
    }

    private static int shareOf(Membership m) {
        int n = 0;
        for (int k = 0; k < KEYS; k++) {
            if (m.owns("branch:" + k)) {
                n++;
            }
        }
        return n;
    }
}
