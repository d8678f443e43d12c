package ge.wardops.events;

import ge.wardops.alerting.Severity;
import ge.wardops.security.RegionScope;
import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events table on the real PostgreSQL (every migration, V15's partitions), written and read
 * as the application's runtime role: batches land in their day's partition, sources are matched to
 * devices, regional scope holds, and retention drops whole days through the owner's function.
 */
class EventStoreTest {

    private static MigratedSchema schema;
    private static Connection app;
    private static long regionA;
    private static long regionB;
    private static long routerA;

    @BeforeAll
    static void migrate() throws Exception {
        schema = MigratedSchema.fresh("events_store_test");
        try (Statement s = schema.connection().createStatement()) {
            s.execute("INSERT INTO regions (name, code) VALUES ('Region A', 'RA'), ('Region B', 'RB')");
            s.execute("INSERT INTO branches (region_id, name, code) SELECT id, 'Branch ' || code, 'B' || code FROM regions");
            s.execute("INSERT INTO devices (name, ip, device_type, branch_id) SELECT 'router-' || r.code, "
                    + "CASE r.code WHEN 'RA' THEN '127.0.0.41'::inet ELSE '127.0.0.42'::inet END, 'ROUTER', b.id "
                    + "FROM branches b JOIN regions r ON r.id = b.region_id");
            regionA = single("SELECT id FROM regions WHERE code = 'RA'");
            regionB = single("SELECT id FROM regions WHERE code = 'RB'");
            routerA = single("SELECT id FROM devices WHERE name = 'router-RA'");
        }
        app = schema.runtimeConnection();
    }

    @AfterAll
    static void close() throws SQLException {
        app.close();
        schema.connection().close();
    }

    @Test
    void aBatchIsStoredInItsDaysPartitionMatchedToDevicesAndScopedByRegion() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        EventStore.preparePartitions(app, today, 3);
        Instant now = Instant.now();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ifIndex.3", "3");
        fields.put("note", "a NUL \0 inside");
        List<ReceivedEvent> batch = List.of(
                new ReceivedEvent(now, InetAddress.getByName("127.0.0.41"), EventKind.TRAP, Severity.WARNING, "linkDown",
                        "linkDown ifIndex.3=3", fields, "raw"),
                new ReceivedEvent(now, InetAddress.getByName("127.0.0.42"), EventKind.SYSLOG, Severity.MAJOR, "bgpd", "peer down",
                        Map.of(), "<187>1 ..."),
                new ReceivedEvent(now, InetAddress.getByName("127.0.0.49"), EventKind.SYSLOG, Severity.INFO, "sshd", "unknown box",
                        Map.of(), "<14>..."));
        List<StoredEvent> stored = EventStore.insert(app, batch, EventStore.addresses(app));
        assertEquals(3, stored.size());
        assertEquals(routerA, stored.get(0).deviceId());
        assertEquals("router-RA", stored.get(0).deviceName());
        assertNull(stored.get(2).deviceId(), "an unknown source is kept, with no device");

        String partition = "events_p" + today.toString().replace("-", "");
        try (Statement s = schema.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT tableoid::regclass::text, count(*) FROM events WHERE id = ANY (ARRAY["
                     + stored.get(0).id() + "," + stored.get(2).id() + "]) GROUP BY 1")) {
            assertTrue(rs.next());
            assertEquals(partition, rs.getString(1));
            assertEquals(2, rs.getLong(2));
        }

        List<StoredEvent> all = EventStore.list(app, EventFilter.newest(50), RegionScope.EVERYTHING);
        assertEquals(Set.of("linkDown", "bgpd", "sshd"), names(all));
        StoredEvent linkDown = all.stream().filter(e -> e.name().equals("linkDown")).findFirst().orElseThrow();
        assertEquals("3", linkDown.fields().get("ifIndex.3"));
        assertEquals("a NUL \uFFFD inside", linkDown.fields().get("note"));

        assertEquals(Set.of("linkDown"), names(EventStore.list(app, EventFilter.newest(50), RegionScope.of(Set.of(regionA)))));
        assertEquals(Set.of("bgpd"), names(EventStore.list(app, EventFilter.newest(50), RegionScope.of(Set.of(regionB)))));
        assertEquals(Set.of(), names(EventStore.list(app, EventFilter.newest(50), RegionScope.NOTHING)));

        EventFilter majorAndUnknown = new EventFilter(null, Severity.MAJOR, null, null, null, null, null, null, false, null, 50);
        assertEquals(Set.of("bgpd"), names(EventStore.list(app, majorAndUnknown, RegionScope.EVERYTHING)));
        EventFilter unknown = new EventFilter(null, null, null, null, null, null, null, null, true, null, 50);
        assertEquals(Set.of("sshd"), names(EventStore.list(app, unknown, RegionScope.EVERYTHING)));
        EventFilter text = new EventFilter(EventKind.SYSLOG, null, null, "127.0.0.42", null, "PEER", null, null, false, null, 50);
        assertEquals(Set.of("bgpd"), names(EventStore.list(app, text, RegionScope.EVERYTHING)));
        EventFilter wildcard = new EventFilter(null, null, null, null, null, "%", null, null, false, null, 50);
        assertEquals(Set.of(), names(EventStore.list(app, wildcard, RegionScope.EVERYTHING)), "% is a character, not a wildcard");
    }

    @Test
    void pagingFollowsTheListsOrderEvenWhenIdsAreNotInTimeOrder() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        EventStore.preparePartitions(app, today, 3);
        Instant t = today.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(600);
        InetAddress from = InetAddress.getByName("127.0.0.41");
        // One batch, ids in batch order, times not: the list shows b (id k+1), a (k), c (k+2).
        List<StoredEvent> stored = EventStore.insert(app, List.of(
                new ReceivedEvent(t.plusSeconds(10), from, EventKind.SYSLOG, Severity.INFO, "paging", "a", Map.of(), ""),
                new ReceivedEvent(t.plusSeconds(20), from, EventKind.SYSLOG, Severity.INFO, "paging", "b", Map.of(), ""),
                new ReceivedEvent(t.plusSeconds(5), from, EventKind.SYSLOG, Severity.INFO, "paging", "c", Map.of(), "")),
                EventStore.addresses(app));
        EventFilter first = new EventFilter(null, null, null, null, "paging", null, null, null, false, null, 1);
        List<String> byPair = new ArrayList<>();
        List<String> byId = new ArrayList<>();
        EventFilter pair = first;
        EventFilter id = first;
        for (int i = 0; i < 4; i++) {
            List<StoredEvent> p = EventStore.list(app, pair, RegionScope.EVERYTHING);
            if (!p.isEmpty()) {
                byPair.add(p.get(0).message());
                pair = pair.after(p.get(0), 1);
            }
            List<StoredEvent> q = EventStore.list(app, id, RegionScope.EVERYTHING);
            if (!q.isEmpty()) {
                byId.add(q.get(0).message());
                id = new EventFilter(null, null, null, null, "paging", null, null, null, false, q.get(0).id(), 1);
            }
        }
        assertEquals(List.of("b", "a", "c"), byPair, "paged on (receivedAt, id); ids " + stored.stream().map(StoredEvent::id).toList());
        assertEquals(List.of("b", "a", "c"), byId, "the id alone pages the same way (its time looked up)");
    }

    @Test
    void retentionDropsWholeExpiredDaysAndKeepsTheRest() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Statement s = schema.connection().createStatement()) {
            s.execute("SELECT events_prepare_partitions(('" + today + "'::date - 40), 5)");
        }
        Instant old = today.minusDays(39).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600);
        EventStore.insert(app, List.of(new ReceivedEvent(old, InetAddress.getByName("127.0.0.41"), EventKind.TRAP, Severity.INFO,
                "coldStart", "old", Map.of(), "")), EventStore.addresses(app));
        List<String> before = partitions();
        assertTrue(before.contains("events_p" + today.minusDays(39).toString().replace("-", "")));

        int dropped = EventStore.dropExpired(app, today, 30);

        List<String> after = partitions();
        assertEquals(5, dropped, "the five days 36..40 days ago; " + before + " -> " + after);
        assertTrue(after.contains("events_p" + today.toString().replace("-", "")), "today's partition stays");
        assertTrue(after.contains("events_default"));
        assertEquals(0, single("SELECT count(*) FROM events WHERE message = 'old'"));
        assertEquals(0, EventStore.preparePartitions(app, today, 3), "preparing again creates nothing new");
    }

    @Test
    void aRowInTheDefaultPartitionNeitherJamsHousekeepingNorOutlivesRetention() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Far ahead of any prepared partition: two rows land in events_default (a clock running ahead), one long expired.
        LocalDate ahead = today.plusDays(100);
        LocalDate ancient = today.minusDays(200);
        for (Instant at : List.of(ahead.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(60),
                ahead.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(120),
                ancient.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(60))) {
            EventStore.insert(app, List.of(new ReceivedEvent(at, InetAddress.getByName("127.0.0.41"), EventKind.SYSLOG, Severity.INFO,
                    "stray", "stray " + at, Map.of(), "")), EventStore.addresses(app));
        }
        assertEquals(3, single("SELECT count(*) FROM events_default WHERE name = 'stray'"));

        // Housekeeping as the runtime role, through the day of the stray rows and two days past it.
        int created = EventStore.preparePartitions(app, ahead.minusDays(2), 3);
        List<String> parts = partitions();
        assertEquals(5, created, "the stray rows' day and the days after it got partitions: " + parts);
        String day = "events_p" + ahead.toString().replace("-", "");
        assertTrue(parts.contains(day), parts.toString());
        assertTrue(parts.contains("events_p" + ahead.plusDays(1).toString().replace("-", "")), parts.toString());
        assertEquals(2, single("SELECT count(*) FROM " + day + " WHERE name = 'stray'"), "moved into their day's partition");
        assertEquals(2, single("SELECT count(*) FROM events WHERE name = 'stray' AND received_at >= '" + ahead + "'"), "none lost");
        assertEquals(0, single("SELECT count(*) FROM events_default WHERE received_at >= '" + ahead + "'"));

        // Retention still runs and removes the expired stray row from events_default too.
        EventStore.dropExpired(app, today, 30);
        assertEquals(0, single("SELECT count(*) FROM events_default WHERE name = 'stray'"), "the expired row is gone");
        assertEquals(2, single("SELECT count(*) FROM events WHERE name = 'stray'"), "the future ones stay");
        try (Statement s = schema.connection().createStatement()) {
            for (int i = -3; i <= 1; i++) { // what preparePartitions(ahead - 2, 3) made: ahead - 3 .. ahead + 1
                s.execute("DROP TABLE IF EXISTS events_p" + ahead.plusDays(i).toString().replace("-", ""));
            }
        }
    }

    private static List<String> partitions() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = schema.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     + "WHERE i.inhparent = 'events'::regclass")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Set<String> names(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::name).collect(java.util.stream.Collectors.toSet());
    }

    private static long single(String sql) throws SQLException {
        try (Statement s = schema.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
