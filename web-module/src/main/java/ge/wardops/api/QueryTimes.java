package ge.wardops.api;

import ge.wardops.shared.InvalidInputException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A time given as a query parameter: ISO-8601 UTC, or absent; anything else is a 400 naming the parameter. */
final class QueryTimes {

    private QueryTimes() {
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value + "' is not an ISO-8601 UTC time like 2026-11-29T12:00:00Z");
        }
    }
}
