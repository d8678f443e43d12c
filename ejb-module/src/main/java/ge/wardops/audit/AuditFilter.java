package ge.wardops.audit;

import ge.wardops.shared.InvalidInputException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an auditor narrows the log to; every part optional. {@code from} is inclusive, {@code to}
 * exclusive; {@code user}, {@code action}, object type and id match exactly (action and type
 * regardless of case); {@code regionId} keeps the events about that region and its branches and
 * devices (the region recorded with each change).
 */
public record AuditFilter(Instant from, Instant to, String user, String action, String objectType, String objectId,
                          Long regionId) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null, null);

    public AuditFilter {
        user = blankToNull(user);
        action = blankToNull(action) == null ? null : action.strip().toUpperCase(Locale.ROOT);
        objectType = blankToNull(objectType) == null ? null : objectType.strip().toLowerCase(Locale.ROOT);
        objectId = blankToNull(objectId);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("from", "must be before 'to'");
        }
    }

    /**
     * The filter from text as it comes in a URL, every bad part named at once: times are ISO-8601
     * instants (2026-11-28T10:00:00Z), the region a number.
     */
    public static AuditFilter parse(String from, String to, String user, String action, String objectType,
                                    String objectId, String region) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        Instant f = instant("from", from, errors);
        Instant t = instant("to", to, errors);
        Long r = null;
        if (blankToNull(region) != null) {
            try {
                r = Long.valueOf(region.strip());
            } catch (NumberFormatException e) {
                errors.add(new InvalidInputException.FieldError("region", "must be a region id (a number)"));
            }
        }
        for (var text : Map.of("user", String.valueOf(user), "action", String.valueOf(action),
                "object_type", String.valueOf(objectType), "object_id", String.valueOf(objectId)).entrySet()) {
            if (text.getValue().length() > 100) {
                errors.add(new InvalidInputException.FieldError(text.getKey(), "at most 100 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new AuditFilter(f, t, user, action, objectType, objectId, r);
    }

    /** The JPQL condition (starting with " where", or empty) and its parameters (for the reviewers' reads, audit.review). */
    public String where(Map<String, Object> params) {
        List<String> terms = new ArrayList<>();
        if (from != null) {
            terms.add("e.occurredAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            terms.add("e.occurredAt < :to");
            params.put("to", to);
        }
        if (user != null) {
            terms.add("e.actor = :user");
            params.put("user", user);
        }
        if (action != null) {
            terms.add("e.action = :action");
            params.put("action", action);
        }
        if (objectType != null) {
            terms.add("e.objectType = :objectType");
            params.put("objectType", objectType);
        }
        if (objectId != null) {
            terms.add("e.objectId = :objectId");
            params.put("objectId", objectId);
        }
        if (regionId != null) {
            terms.add("e.regionId = :regionId");
            params.put("regionId", regionId);
        }
        return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
    }

    /** The filter in words for the audit row of an export: what was taken out of the log. */
    public String describe() {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("from", from);
        parts.put("to", to);
        parts.put("user", user);
        parts.put("action", action);
        parts.put("object_type", objectType);
        parts.put("object_id", objectId);
        parts.put("region", regionId);
        parts.values().removeIf(v -> v == null);
        return parts.isEmpty() ? "everything" : parts.toString();
    }

    private static Instant instant(String field, String text, List<InvalidInputException.FieldError> errors) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new InvalidInputException.FieldError(field, "must be an ISO-8601 instant such as 2026-11-28T10:00:00Z"));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
