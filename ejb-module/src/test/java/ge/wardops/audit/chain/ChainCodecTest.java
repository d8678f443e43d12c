package ge.wardops.audit.chain;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encodings the keyed chain and the anchors rest on: one JSON value has one canonical text
 * however PostgreSQL or a JSON library printed it; any change of a row's field changes its keyed
 * hash; an anchor's signature covers every field and only its own key verifies it.
 */
class ChainCodecTest {

    private static final ChainKeys KEYS = ChainKeys.parse("k1 " + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", "test");

    @Test
    void oneJsonValueHasOneCanonicalTextWhoeverPrintedIt() {
        String app = "{\"name\":\"a, \\\"q\\\"\",\"n\":1.50,\"big\":1.0E10,\"tags\":[\"x\",\"é\"],\"parent\":null,\"ok\":true}";
        String jsonb = "{\"n\": 1.50, \"ok\": true, \"big\": 10000000000, \"name\": \"a, \\\"q\\\"\", \"tags\": [\"x\", \"\\u00e9\"], \"parent\": null}";
        assertEquals(CanonicalJson.of(app), CanonicalJson.of(jsonb));
        assertEquals("{\"big\":10000000000,\"n\":1.5,\"name\":\"a, \\\"q\\\"\",\"ok\":true,\"parent\":null,\"tags\":[\"x\",\"é\"]}",
                CanonicalJson.of(app));
        assertEquals("{\"a\":2}", CanonicalJson.of("{\"a\": 1, \"a\": 2}"), "the last of duplicate keys, as jsonb keeps it");
        assertNotEquals(CanonicalJson.of("{\"a\":\"1\"}"), CanonicalJson.of("{\"a\":1}"), "a string is not a number");
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of("{\"a\":1} x"));
    }

    @Test
    void everyFieldOfARowIsCoveredByItsKeyedHash() {
        ChainRow row = new ChainRow(7, "2026-12-05T10:00:00.000001Z", "nino", "127.0.0.21", "UPDATE", "device", "42", 3L,
                "details", "{\"a\":1}", "{\"a\":2}", "k1", ChainRow.GENESIS, null);
        String hash = KEYS.hash(row);
        assertEquals(64, hash.length());
        assertEquals(hash, KEYS.hash(new ChainRow(7, "2026-12-05T10:00:00.000001Z", "nino", "127.0.0.21", "UPDATE", "device", "42",
                3L, "details", "{ \"a\" : 1.0 }", "{\"a\": 2}", "k1", ChainRow.GENESIS, "ignored")), "same content, other spelling");
        for (ChainRow changed : new ChainRow[] {
                new ChainRow(8, row.occurredAt(), row.actor(), row.clientAddress(), row.action(), row.objectType(), row.objectId(), 3L, row.details(), row.before(), row.after(), "k1", row.prevHash(), null),
                new ChainRow(7, "2026-12-05T10:00:00.000002Z", row.actor(), row.clientAddress(), row.action(), row.objectType(), row.objectId(), 3L, row.details(), row.before(), row.after(), "k1", row.prevHash(), null),
                new ChainRow(7, row.occurredAt(), "mallory", row.clientAddress(), row.action(), row.objectType(), row.objectId(), 3L, row.details(), row.before(), row.after(), "k1", row.prevHash(), null),
                new ChainRow(7, row.occurredAt(), row.actor(), null, row.action(), row.objectType(), row.objectId(), 3L, row.details(), row.before(), row.after(), "k1", row.prevHash(), null),
                new ChainRow(7, row.occurredAt(), row.actor(), row.clientAddress(), row.action(), row.objectType(), row.objectId(), null, row.details(), row.before(), row.after(), "k1", row.prevHash(), null),
                new ChainRow(7, row.occurredAt(), row.actor(), row.clientAddress(), row.action(), row.objectType(), row.objectId(), 3L, "", row.before(), row.after(), "k1", row.prevHash(), null),
                new ChainRow(7, row.occurredAt(), row.actor(), row.clientAddress(), row.action(), row.objectType(), row.objectId(), 3L, row.details(), row.after(), row.before(), "k1", row.prevHash(), null),
                new ChainRow(7, row.occurredAt(), row.actor(), row.clientAddress(), row.action(), row.objectType(), row.objectId(), 3L, row.details(), row.before(), row.after(), "k1", "1".repeat(64), null)}) {
            assertNotEquals(hash, KEYS.hash(changed), changed.toString());
        }
        ChainKeys otherKey = ChainKeys.parse("k1 " + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=", "test");
        assertNotEquals(hash, otherKey.hash(row), "another key, another hash");
    }

    @Test
    void anAnchorVerifiesOnlyUnchangedAndOnlyWithItsOwnKey() throws Exception {
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        KeyPair server = ed.generateKeyPair();
        KeyPair other = ed.generateKeyPair();
        Anchor anchor = new Anchor("2026-12-05T10:00:00.000001Z", 0, ChainRow.GENESIS, 12, "a".repeat(64), 12, "b".repeat(64), null, null)
                .signedWith(server.getPrivate(), server.getPublic());
        Anchor read = Anchor.fromJsonLine(anchor.toJsonLine());
        assertEquals(anchor, read, "the file's line is the anchor");
        assertTrue(read.verifies(server.getPublic()));
        assertFalse(read.verifies(other.getPublic()));
        Anchor moved = new Anchor(read.anchoredAt(), read.fromId(), read.fromHash(), 11, read.lastHash(), read.rows(),
                read.segmentSha256(), read.key(), read.signature());
        assertFalse(moved.verifies(server.getPublic()), "an anchor edited to name an earlier row");
    }
}
