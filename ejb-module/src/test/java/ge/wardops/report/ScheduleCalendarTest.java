package ge.wardops.report;

import ge.wardops.report.ReportScheduleView.Cadence;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleCalendarTest {

    static final ZoneId TBILISI = ZoneId.of("Asia/Tbilisi");
    static final ScheduleCalendar FIRST_AT_EIGHT = new ScheduleCalendar(Cadence.MONTHLY, 1, null, LocalTime.of(8, 0), TBILISI);
    static final ScheduleCalendar MONDAY_AT_SEVEN = new ScheduleCalendar(Cadence.WEEKLY, null, DayOfWeek.MONDAY, LocalTime.of(7, 0), TBILISI);
    static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    @Test
    void aMonthlyScheduleRunsOnTheFirstAtEightLocalAndReportsLastMonth() {
        Instant eight = Instant.parse("2026-12-01T04:00:00Z");
        assertEquals(Optional.empty(), FIRST_AT_EIGHT.due(eight.minusSeconds(60), eight.minusSeconds(3600)), "not before its time");
        assertEquals(Optional.of(eight), FIRST_AT_EIGHT.due(eight.plusSeconds(30), LONG_AGO));
        assertEquals(Optional.of(eight), FIRST_AT_EIGHT.due(eight.plusSeconds(20 * 3600), LONG_AGO), "a restart the same day still runs it");
        assertEquals(Optional.empty(), FIRST_AT_EIGHT.due(eight.plusSeconds(25 * 3600), LONG_AGO), "older than a day: skipped");
        assertEquals(ReportPeriod.month(java.time.YearMonth.of(2026, 11), TBILISI), FIRST_AT_EIGHT.period(eight));
        assertEquals(Instant.parse("2027-01-01T04:00:00Z"), FIRST_AT_EIGHT.next(eight.plusSeconds(1)));
    }

    @Test
    void aScheduleCreatedAfterItsTimeWaitsForTheNextOccurrence() {
        Instant eight = Instant.parse("2026-12-01T04:00:00Z");
        assertEquals(Optional.empty(), FIRST_AT_EIGHT.due(eight.plusSeconds(600), eight.plusSeconds(300)));
    }

    @Test
    void aWeeklyScheduleReportsTheSevenDaysBeforeItsDay() {
        Instant monday = Instant.parse("2026-12-07T03:00:00Z");
        assertEquals(Optional.of(monday), MONDAY_AT_SEVEN.due(Instant.parse("2026-12-07T03:00:01Z"), LONG_AGO));
        assertEquals(monday.minusSeconds(7 * 86400), MONDAY_AT_SEVEN.latest(Instant.parse("2026-12-07T02:59:59Z")));
        ReportPeriod week = MONDAY_AT_SEVEN.period(monday);
        assertEquals(Instant.parse("2026-11-29T20:00:00Z"), week.from());
        assertEquals(Instant.parse("2026-12-06T20:00:00Z"), week.to());
    }
}
