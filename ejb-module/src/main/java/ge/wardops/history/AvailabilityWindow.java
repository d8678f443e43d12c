package ge.wardops.history;

import ge.wardops.shared.InvalidInputException;

import java.time.Duration;
import java.util.Arrays;

/** The windows availability percentages are computed over: the same names as history's time_range. */
public enum AvailabilityWindow {
    DAY("24h", Duration.ofHours(24)), WEEK("7d", Duration.ofDays(7)), MONTH("30d", Duration.ofDays(30));

    private final String label;
    private final Duration span;

    AvailabilityWindow(String label, Duration span) {
        this.label = label;
        this.span = span;
    }

    /** @param timeRange 24h (default when blank), 7d or 30d; anything else is a 400 with the reason */
    public static AvailabilityWindow of(String timeRange) {
        if (timeRange == null || timeRange.isBlank()) {
            return DAY;
        }
        return Arrays.stream(values()).filter(w -> w.label.equals(timeRange.strip())).findFirst()
                .orElseThrow(() -> new InvalidInputException("time_range", "must be 24h, 7d or 30d, was '" + timeRange + "'"));
    }

    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }
}
