package ge.wardops.audit;

import ge.wardops.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditFilterTest {

    @Test
    void everyBadPartOfAFilterIsNamedAtOnce() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AuditFilter.parse("yesterday", "2026-11-28T10:00:00Z", null, null, null, null, "north"));
        assertEquals(2, e.errors().size(), e.errors().toString());
        assertEquals("from", e.errors().get(0).field());
        assertEquals("region", e.errors().get(1).field());
    }

    @Test
    void fromMustComeBeforeTo() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AuditFilter.parse("2026-11-28T10:00:00Z", "2026-11-28T09:00:00Z", null, null, null, null, null));
        assertEquals("from", e.errors().get(0).field());
    }

    @Test
    void aFilterBecomesParameterisedConditionsOnly() {
        AuditFilter f = AuditFilter.parse("2026-11-28T10:00:00Z", null, "x' OR '1'='1", "login_failed", "USER", null, "7");
        Map<String, Object> params = new HashMap<>();
        String where = f.where(params);
        assertTrue(!where.contains("OR '1'"), where);
        assertEquals("x' OR '1'='1", params.get("user"));
        assertEquals("LOGIN_FAILED", params.get("action"));
        assertEquals("user", params.get("objectType"));
        assertEquals(7L, params.get("regionId"));
        assertEquals(Instant.parse("2026-11-28T10:00:00Z"), params.get("from"));
        assertEquals("", AuditFilter.ALL.where(new HashMap<>()));
    }
}
