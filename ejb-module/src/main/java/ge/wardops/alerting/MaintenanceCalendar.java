package ge.wardops.alerting;

import ge.wardops.shared.InvalidInputException.FieldError;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which devices and groups are in a maintenance window at a given moment. Recurring windows are
 * computed in the bank's zone, so "every Sunday 02:00-04:00" stays 02:00 local across DST changes.
 */
public final class MaintenanceCalendar {

    /** A window with its recurrence parsed once. */
    record Compiled(MaintenanceWindowView window, RuleScope scope, Recurrence recurrence, Set<DayOfWeek> days,
                    LocalTime localStart, Duration length) {
    }

    enum Recurrence { NONE, DAILY, WEEKLY }

    public static final MaintenanceCalendar EMPTY = new MaintenanceCalendar(List.of(), ZoneId.of("UTC"));

    private final List<Compiled> windows;
    private final ZoneId zone;

    public MaintenanceCalendar(List<MaintenanceWindowView> windows, ZoneId zone) {
        this.zone = zone;
        List<Compiled> out = new ArrayList<>(windows.size());
        for (MaintenanceWindowView w : windows) {
            Recurrence r = w.recurrence() == null ? Recurrence.NONE
                    : w.recurrence().startsWith("WEEKLY") ? Recurrence.WEEKLY : Recurrence.DAILY;
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            ZonedDateTime start = w.startsAt().atZone(zone);
            if (r == Recurrence.WEEKLY) {
                int colon = w.recurrence().indexOf(':');
                if (colon < 0) {
                    days.add(start.getDayOfWeek());
                } else {
                    for (String d : w.recurrence().substring(colon + 1).split(",")) {
                        days.add(day(d));
                    }
                }
            }
            out.add(new Compiled(w, RuleScope.of(w.scopeType(), w.scopeValue()), r, days, start.toLocalTime(),
                    Duration.between(w.startsAt(), w.endsAt())));
        }
        this.windows = List.copyOf(out);
    }

    public List<MaintenanceWindowView> windows() {
        return windows.stream().map(Compiled::window).toList();
    }

    /** Whether {@code w} is in force at {@code at}. */
    boolean inForce(Compiled w, Instant at) {
        MaintenanceWindowView v = w.window();
        if (at.isBefore(v.startsAt())) {
            return false;
        }
        if (w.recurrence() == Recurrence.NONE) {
            return at.isBefore(v.endsAt());
        }
        if (v.repeatUntil() != null && !at.isBefore(v.repeatUntil().plus(w.length()))) {
            return false;
        }
        LocalDate today = at.atZone(zone).toLocalDate();
        // An occurrence that began on an earlier day may still run (a window over midnight or longer than a day).
        long daysBack = Math.max(1, w.length().toDays() + 1);
        for (long back = 0; back <= daysBack; back++) {
            LocalDate day = today.minusDays(back);
            if (w.recurrence() == Recurrence.WEEKLY && !w.days().contains(day.getDayOfWeek())) {
                continue;
            }
            Instant occurrence = day.atTime(w.localStart()).atZone(zone).toInstant();
            if (occurrence.isBefore(v.startsAt()) || (v.repeatUntil() != null && occurrence.isAfter(v.repeatUntil()))) {
                continue;
            }
            if (!at.isBefore(occurrence) && at.isBefore(occurrence.plus(w.length()))) {
                return true;
            }
        }
        return false;
    }

    /** One run of a window: a one-off window's only run, or one repetition of a DAILY/WEEKLY one. */
    public record Occurrence(MaintenanceWindowView window, Instant start, Instant end) {
    }

    /**
     * Every run of every window that overlaps [{@code from}, {@code to}), by start: one-off windows
     * as they are, repeating ones expanded day by day in the bank's zone with the same rules as
     * {@link #inForce} (first start, repeat-until, weekdays, local start time across DST).
     */
    public List<Occurrence> occurrences(Instant from, Instant to) {
        List<Occurrence> out = new ArrayList<>();
        for (Compiled w : windows) {
            MaintenanceWindowView v = w.window();
            if (w.recurrence() == Recurrence.NONE) {
                if (v.startsAt().isBefore(to) && v.endsAt().isAfter(from)) {
                    out.add(new Occurrence(v, v.startsAt(), v.endsAt()));
                }
                continue;
            }
            // Start early enough to catch a run that began before {@code from} and still lasts.
            LocalDate day = from.minus(w.length()).atZone(zone).toLocalDate().minusDays(1);
            LocalDate last = to.atZone(zone).toLocalDate();
            for (; !day.isAfter(last); day = day.plusDays(1)) {
                if (w.recurrence() == Recurrence.WEEKLY && !w.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant start = day.atTime(w.localStart()).atZone(zone).toInstant();
                if (start.isBefore(v.startsAt()) || (v.repeatUntil() != null && start.isAfter(v.repeatUntil()))) {
                    continue;
                }
                Instant end = start.plus(w.length());
                if (start.isBefore(to) && end.isAfter(from)) {
                    out.add(new Occurrence(v, start, end));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Occurrence::start).thenComparing(o -> o.window().id()));
        return out;
    }

    public boolean covers(AlertDevice d, Instant at) {
        for (Compiled w : windows) {
            if (w.scope().covers(d) && inForce(w, at)) {
                return true;
            }
        }
        return false;
    }

    /** For group alerts: a window over the whole branch/region (or everything) covers it. */
    public boolean coversGroup(String subjectKey, long branchId, long regionId, Instant at) {
        for (Compiled w : windows) {
            if (w.scope().coversGroup(subjectKey, branchId, regionId) && inForce(w, at)) {
                return true;
            }
        }
        return false;
    }

    /** The checks of a window draft that need no database; all problems at once. */
    public static List<FieldError> check(MaintenanceWindowDraft d) {
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().length() > 120) {
            errors.add(new FieldError("name", "a name of 1 to 120 characters"));
        }
        errors.addAll(RuleValidation.checkScope(d.scopeType(), d.scopeValue(), "scope"));
        if (d.startsAt() == null) {
            errors.add(new FieldError("startsAt", "when the window (or its first occurrence) starts, ISO-8601 UTC"));
        }
        if (d.endsAt() == null) {
            errors.add(new FieldError("endsAt", "when the window (or its first occurrence) ends, ISO-8601 UTC"));
        }
        if (d.startsAt() != null && d.endsAt() != null && !d.endsAt().isAfter(d.startsAt())) {
            errors.add(new FieldError("endsAt", "must be after startsAt"));
        }
        if (d.recurrence() != null && !d.recurrence().isBlank()) {
            String r = d.recurrence().trim().toUpperCase(Locale.ROOT);
            if (!r.matches("DAILY|WEEKLY(:(MON|TUE|WED|THU|FRI|SAT|SUN)(,(MON|TUE|WED|THU|FRI|SAT|SUN))*)?")) {
                errors.add(new FieldError("recurrence", "empty (one-off), DAILY, WEEKLY, or WEEKLY:MON,WED,..."));
            } else if (d.startsAt() != null && d.endsAt() != null
                    && Duration.between(d.startsAt(), d.endsAt()).compareTo(r.equals("DAILY") ? Duration.ofDays(1) : Duration.ofDays(7)) > 0) {
                errors.add(new FieldError("endsAt", "a repeating window is shorter than its period"));
            }
        } else if (d.repeatUntil() != null) {
            errors.add(new FieldError("repeatUntil", "only a repeating window repeats until a date"));
        }
        if (d.description() != null && d.description().length() > 500) {
            errors.add(new FieldError("description", "at most 500 characters"));
        }
        return errors;
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation.trim().toUpperCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException(abbreviation);
    }
}
