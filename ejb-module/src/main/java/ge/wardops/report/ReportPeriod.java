package ge.wardops.report;

import ge.wardops.shared.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time a report covers, [{@code from}, {@code to}), and the bank's zone it is read in: a calendar
 * month starts and ends at local midnight, so November in Tbilisi is not November in UTC.
 */
public record ReportPeriod(Instant from, Instant to, ZoneId zone, String label) {

    /** A year's report still answers in seconds from the samples (docs/reports.md); anything longer is a mistake. */
    static final Duration LONGEST = Duration.ofDays(400);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    public ReportPeriod {
        if (from == null || to == null || !to.isAfter(from)) {
            throw new InvalidInputException("to", "the period ends after it starts");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw new InvalidInputException("to", "a period of at most " + LONGEST.toDays() + " days");
        }
    }

    /** The calendar month in {@code zone}: from its first local midnight to the next month's. */
    public static ReportPeriod month(YearMonth month, ZoneId zone) {
        return new ReportPeriod(month.atDay(1).atStartOfDay(zone).toInstant(), month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant(),
                zone, month.toString());
    }

    /** The month before the one {@code now} falls in, in {@code zone}: what "last month's report" means. */
    public static ReportPeriod lastMonth(Instant now, ZoneId zone) {
        return month(YearMonth.from(now.atZone(zone)).minusMonths(1), zone);
    }

    /** Any from/to; labelled with its local start and end. */
    public static ReportPeriod between(Instant from, Instant to, ZoneId zone) {
        String label = from == null || to == null ? "" : DAY.format(from.atZone(zone)) + " to " + DAY.format(to.atZone(zone));
        return new ReportPeriod(from, to, zone, label);
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
