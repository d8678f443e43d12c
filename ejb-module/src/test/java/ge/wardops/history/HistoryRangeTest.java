package ge.wardops.history;

import ge.wardops.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-28T23:12:34Z");

    @Test
    void namedRangesHaveTheirStepAndAreAlignedToIt() {
        HistoryRange day = HistoryRange.of(null, null, null, null, NOW);
        assertEquals(300, day.stepSeconds());
        assertEquals(Instant.parse("2026-11-28T23:15:00Z"), day.to(), "up to the step: the newest step is shown");
        assertEquals(Instant.parse("2026-11-27T23:10:00Z"), day.from());
        assertTrue(day.endsNow());
        assertEquals(900, HistoryRange.of("7d", null, null, null, NOW).stepSeconds());
        assertEquals(3600, HistoryRange.of("30d", null, null, null, NOW).stepSeconds());
        assertEquals(day, HistoryRange.of("24h", null, null, null, NOW.plusSeconds(100)), "one key within a step");
    }

    @Test
    void aFinerStepIsAllowedWithinThePointBudget() {
        assertEquals(60, HistoryRange.of("24h", null, null, 60L, NOW).stepSeconds());
        InvalidInputException tooFine = assertThrows(InvalidInputException.class, () -> HistoryRange.of("24h", null, null, 1L, NOW));
        assertTrue(tooFine.getMessage().contains("at least 8 seconds"), tooFine.getMessage());
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertEquals("time_range", assertThrows(InvalidInputException.class, () -> HistoryRange.of("1y", null, null, null, NOW))
                .errors().get(0).field());
        assertEquals("from", assertThrows(InvalidInputException.class,
                () -> HistoryRange.of(null, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", null, NOW)).errors().get(0).field());
        assertThrows(InvalidInputException.class, () -> HistoryRange.of(null, "2025-01-01T00:00:00Z", "2026-03-01T00:00:00Z", null, NOW));
        assertThrows(InvalidInputException.class, () -> HistoryRange.of(null, "yesterday", null, null, NOW));
        assertThrows(InvalidInputException.class, () -> HistoryRange.of(null, null, null, 0L, NOW));
    }

    @Test
    void aLongExplicitRangeGetsACoarserDefaultStep() {
        HistoryRange year = HistoryRange.of(null, "2025-12-01T00:00:00Z", "2026-11-01T00:00:00Z", null, NOW);
        assertTrue(year.span().toSeconds() / year.stepSeconds() <= HistoryRange.MAX_POINTS);
    }
}
