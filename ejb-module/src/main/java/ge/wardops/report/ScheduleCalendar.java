package ge.wardops.report;

import ge.wardops.report.ReportScheduleView.Cadence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * When a schedule runs and what its report covers, in the bank's zone: MONTHLY on day D (1..28) at
 * HH:MM reports on the previous calendar month; WEEKLY on a weekday at HH:MM reports on the seven
 * days before that day's midnight. An occurrence is due once it has passed, is not older than
 * {@link #CATCH_UP} (a server down at 08:00 on the 1st still mails at 08:00 plus its restart, one
 * down for longer skips it) and is not before the schedule was created.
 */
public record ScheduleCalendar(Cadence cadence, Integer dayOfMonth, DayOfWeek dayOfWeek, LocalTime time, ZoneId zone) {

    /** How late a missed occurrence still runs. */
    public static final Duration CATCH_UP = Duration.ofDays(1);

    public static ScheduleCalendar of(ReportScheduleView s, ZoneId zone) {
        return new ScheduleCalendar(s.cadence(), s.dayOfMonth(), s.dayOfWeek() == null ? null : day(s.dayOfWeek()), LocalTime.parse(s.time()), zone);
    }

    /** The latest occurrence at or before {@code now}. */
    public Instant latest(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        if (cadence == Cadence.MONTHLY) {
            YearMonth month = YearMonth.from(local);
            Instant candidate = month.atDay(dayOfMonth).atTime(time).atZone(zone).toInstant();
            return candidate.isAfter(now) ? month.minusMonths(1).atDay(dayOfMonth).atTime(time).atZone(zone).toInstant() : candidate;
        }
        LocalDate day = local.toLocalDate().with(TemporalAdjusters.previousOrSame(dayOfWeek));
        Instant candidate = day.atTime(time).atZone(zone).toInstant();
        return candidate.isAfter(now) ? day.minusWeeks(1).atTime(time).atZone(zone).toInstant() : candidate;
    }

    /** The next occurrence after {@code now}. */
    public Instant next(Instant now) {
        Instant latest = latest(now);
        ZonedDateTime l = latest.atZone(zone);
        return cadence == Cadence.MONTHLY
                ? YearMonth.from(l).plusMonths(1).atDay(dayOfMonth).atTime(time).atZone(zone).toInstant()
                : l.toLocalDate().plusWeeks(1).atTime(time).atZone(zone).toInstant();
    }

    /** The occurrence to run now, if one is due. */
    public Optional<Instant> due(Instant now, Instant createdAt) {
        Instant latest = latest(now);
        if (latest.isBefore(createdAt) || Duration.between(latest, now).compareTo(CATCH_UP) > 0) {
            return Optional.empty();
        }
        return Optional.of(latest);
    }

    /** What the report of an occurrence covers. */
    public ReportPeriod period(Instant occurrence) {
        ZonedDateTime at = occurrence.atZone(zone);
        if (cadence == Cadence.MONTHLY) {
            return ReportPeriod.month(YearMonth.from(at).minusMonths(1), zone);
        }
        LocalDate end = at.toLocalDate();
        return ReportPeriod.between(end.minusWeeks(1).atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant(), zone);
    }

    static DayOfWeek day(String abbreviation) {
        String a = abbreviation == null ? "" : abbreviation.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (a.length() == 3 && d.name().startsWith(a)) {
                return d;
            }
        }
        throw new IllegalArgumentException("MON..SUN, was '" + abbreviation + "'");
    }
}
