package ge.wardops.alerting;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaintenanceCalendarTest {

    private static final ZoneId TBILISI = ZoneId.of("Asia/Tbilisi"); // UTC+4, no DST

    private static MaintenanceWindowView window(ScopeType scope, String value, String start, String end, String recurrence, String until) {
        return new MaintenanceWindowView(1, "w", scope, value, Instant.parse(start), Instant.parse(end), recurrence,
                until == null ? null : Instant.parse(until), null, "test", 0);
    }

    private static boolean covers(MaintenanceWindowView w, AlertDevice d, String at) {
        return new MaintenanceCalendar(List.of(w), TBILISI).covers(d, Instant.parse(at));
    }

    private final AlertDevice device = Rules.device(7, 2, 3, null);

    @Test
    void aOneOffWindowCoversItsScopeFromStartUntilEnd() {
        MaintenanceWindowView w = window(ScopeType.DEVICE, "7", "2026-11-28T10:00:00Z", "2026-11-28T12:00:00Z", null, null);
        assertFalse(covers(w, device, "2026-11-28T09:59:59Z"));
        assertTrue(covers(w, device, "2026-11-28T10:00:00Z"));
        assertTrue(covers(w, device, "2026-11-28T11:59:59Z"));
        assertFalse(covers(w, device, "2026-11-28T12:00:00Z"), "the end is exclusive");
        assertFalse(covers(w, Rules.device(8, 2, 3, null), "2026-11-28T11:00:00Z"), "another device");
    }

    @Test
    void aWeeklyWindowRepeatsAtTheSameLocalTimeOnItsDays() {
        // Sunday 2026-11-29 02:00-04:00 Tbilisi = Saturday 22:00-Sunday 00:00 UTC; every Sunday and Wednesday.
        MaintenanceWindowView w = window(ScopeType.REGION, "3", "2026-11-28T22:00:00Z", "2026-11-29T00:00:00Z", "WEEKLY:SUN,WED", null);
        assertTrue(covers(w, device, "2026-11-28T23:00:00Z"), "the first Sunday");
        assertTrue(covers(w, device, "2026-12-05T22:30:00Z"), "the next Sunday, 02:30 local");
        assertTrue(covers(w, device, "2026-12-01T22:10:00Z"), "Wednesday 02:10 local");
        assertFalse(covers(w, device, "2026-12-02T22:10:00Z"), "Thursday");
        assertFalse(covers(w, device, "2026-12-06T00:00:00Z"), "04:00 local is the end");
        assertFalse(covers(w, device, "2026-11-21T23:00:00Z"), "not before it first starts");
    }

    @Test
    void aDailyWindowOverMidnightAndItsEnd() {
        MaintenanceWindowView w = window(ScopeType.ALL, null, "2026-11-28T19:00:00Z", "2026-11-28T21:00:00Z", "DAILY", "2026-11-30T19:00:00Z");
        // 23:00-01:00 local
        assertTrue(covers(w, device, "2026-11-29T20:30:00Z"), "00:30 local the next night");
        assertTrue(covers(w, device, "2026-11-30T20:00:00Z"), "the last occurrence starts at repeatUntil");
        assertFalse(covers(w, device, "2026-12-01T20:00:00Z"), "no occurrence after repeatUntil");
        assertFalse(covers(w, device, "2026-11-29T12:00:00Z"));
    }

    @Test
    void groupAlertsAreCoveredByWindowsOverTheirBranchRegionOrEverything() {
        MaintenanceCalendar c = new MaintenanceCalendar(List.of(
                window(ScopeType.BRANCH, "2", "2026-11-28T10:00:00Z", "2026-11-28T12:00:00Z", null, null)), TBILISI);
        Instant at = Instant.parse("2026-11-28T11:00:00Z");
        assertTrue(c.coversGroup("branch:2", 2, 3, at));
        assertFalse(c.coversGroup("branch:5", 5, 3, at));
        assertFalse(c.coversGroup("region:3", 0, 3, at), "a branch window does not cover its region");
    }

    @Test
    void draftsAreCheckedFieldByField() {
        List<String> fields = MaintenanceCalendar.check(new MaintenanceWindowDraft("", ScopeType.BRANCH, "x",
                Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-11-28T10:00:00Z"), "MONTHLY", null, null, null))
                .stream().map(e -> e.field()).toList();
        assertEquals(List.of("name", "scopeValue", "endsAt", "recurrence"), fields);
        assertEquals(List.of("endsAt"), MaintenanceCalendar.check(new MaintenanceWindowDraft("w", ScopeType.ALL, null,
                Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-30T10:00:00Z"), "DAILY", null, null, null))
                .stream().map(e -> e.field()).toList(), "a daily window longer than a day");
        assertTrue(MaintenanceCalendar.check(new MaintenanceWindowDraft("w", ScopeType.TAG, "atm",
                Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T11:00:00Z"), "weekly:mon", null, null, null)).isEmpty());
    }

    @Test
    void occurrencesExpandRepeatsInTheVisibleRangeAndKeepOneOffsAsTheyAre() {
        MaintenanceWindowView weekly = window(ScopeType.REGION, "3", "2026-11-28T22:00:00Z", "2026-11-29T00:00:00Z", "WEEKLY:SUN,WED", null);
        MaintenanceWindowView daily = new MaintenanceWindowView(2, "d", ScopeType.ALL, null, Instant.parse("2026-11-28T19:00:00Z"),
                Instant.parse("2026-11-28T21:00:00Z"), "DAILY", Instant.parse("2026-11-30T19:00:00Z"), null, "test", 0);
        MaintenanceWindowView once = new MaintenanceWindowView(3, "o", ScopeType.DEVICE, "7", Instant.parse("2026-12-03T08:00:00Z"),
                Instant.parse("2026-12-03T09:00:00Z"), null, null, null, "test", 0);
        MaintenanceCalendar c = new MaintenanceCalendar(List.of(weekly, daily, once), TBILISI);
        List<String> runs = c.occurrences(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")).stream()
                .map(o -> o.window().id() + "@" + o.start() + "/" + o.end()).toList();
        assertEquals(List.of(
                "2@2026-11-28T19:00:00Z/2026-11-28T21:00:00Z",
                "1@2026-11-28T22:00:00Z/2026-11-29T00:00:00Z",
                "2@2026-11-29T19:00:00Z/2026-11-29T21:00:00Z",
                "2@2026-11-30T19:00:00Z/2026-11-30T21:00:00Z",
                "1@2026-12-01T22:00:00Z/2026-12-02T00:00:00Z",
                "3@2026-12-03T08:00:00Z/2026-12-03T09:00:00Z",
                "1@2026-12-05T22:00:00Z/2026-12-06T00:00:00Z"), runs);
        assertEquals(List.of("2026-11-30T19:00:00Z"), c.occurrences(Instant.parse("2026-11-30T20:30:00Z"),
                Instant.parse("2026-11-30T21:30:00Z")).stream().map(o -> o.start().toString()).toList(),
                "a run already under way at the range's start is in it");
    }
}
