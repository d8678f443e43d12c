package ge.wardops.alerting;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A condition fits the alerts table's columns whatever a device sent (subject_key varchar(120), message varchar(1000)). */
class ExternalConditionTest {

    @Test
    void aLongMessageIsCutToTheColumnAndAShortOneKept() {
        ExternalCondition c = new ExternalCondition("syslog:device:7", 7, "router-7", Severity.MAJOR,
                "router-7: " + "x".repeat(2000), Instant.EPOCH);
        assertEquals(ExternalCondition.MAX_MESSAGE, c.message().length());
        assertTrue(c.message().startsWith("router-7: xxx") && c.message().endsWith("…"), c.message());
        assertEquals("short", new ExternalCondition("k", 1, "n", Severity.MAJOR, "short", Instant.EPOCH).message());
    }

    @Test
    void aLongSubjectKeyIsCutButStaysUniqueAndStable() {
        String prefix = "trap:device:7:ifIndex:" + "9".repeat(300);
        ExternalCondition a = new ExternalCondition(prefix + "a", 7, "n", Severity.MAJOR, "m", Instant.EPOCH);
        ExternalCondition b = new ExternalCondition(prefix + "b", 7, "n", Severity.MAJOR, "m", Instant.EPOCH);
        ExternalCondition again = new ExternalCondition(prefix + "a", 7, "n", Severity.MAJOR, "m", Instant.EPOCH);
        assertEquals(ExternalCondition.MAX_SUBJECT_KEY, a.subjectKey().length());
        assertTrue(a.subjectKey().startsWith("trap:device:7:ifIndex:999"), a.subjectKey());
        assertNotEquals(a.subjectKey(), b.subjectKey(), "two long keys with the same first 120 characters stay two subjects");
        assertEquals(a.subjectKey(), again.subjectKey(), "the same long key is the same subject each time");
        assertEquals("trap:device:7:ifIndex:3", new ExternalCondition("trap:device:7:ifIndex:3", 7, "n", Severity.MAJOR, "m",
                Instant.EPOCH).subjectKey());
    }
}
