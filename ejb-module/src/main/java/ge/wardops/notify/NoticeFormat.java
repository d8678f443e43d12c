package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Renders a notice as people and programs read it: an email subject and plain-text body with
 * every time in the bank's zone and in UTC, and the webhook's JSON body (times in UTC ISO-8601,
 * plus the local time with its offset). One place, so email and webhook always say the same.
 */
public final class NoticeFormat {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    public NoticeFormat(ZoneId zone) {
        this.zone = zone;
    }

    public String subject(Notice n) {
        if (n.kind() == NoticeKind.TEST) {
            return "[WARD OPS] Test message";
        }
        AlertSnapshot a = n.alert();
        return "[WARD OPS] " + n.kind() + " " + a.severity() + ": " + nz(a.ruleName(), "alert") + " - " + where(a);
    }

    public String text(Notice n) {
        StringBuilder b = new StringBuilder();
        if (n.kind() == NoticeKind.TEST) {
            b.append("This is a test message from WARD OPS: this channel works.\n\n");
            line(b, "Sent", time(n.at()));
            line(b, "Console", n.link());
            return b.toString();
        }
        AlertSnapshot a = n.alert();
        b.append(headline(n)).append("\n\n");
        line(b, "Severity", a.severity().name());
        line(b, "Subject", a.subjectName());
        line(b, "Branch", a.branchName());
        line(b, "Region", a.regionName());
        line(b, "Rule", a.ruleName());
        line(b, "Message", a.message());
        line(b, "Fired", time(a.triggeredAt()));
        if (a.acknowledgedAt() != null) {
            line(b, "Acknowledged", time(a.acknowledgedAt()) + " by " + a.acknowledgedBy());
        }
        if (a.resolvedAt() != null) {
            line(b, "Resolved", time(a.resolvedAt()));
            line(b, "Duration", duration(Duration.between(a.triggeredAt(), a.resolvedAt())));
        }
        if (a.flapping()) {
            line(b, "Flapping", "yes: changes state too often; held until it is stable");
        }
        line(b, "Alert", "#" + a.id());
        line(b, "Console", n.link());
        return b.toString();
    }

    /** The webhook body. */
    public String json(Notice n, Long deliveryId) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("event", n.kind().name())
                .add("sentAt", n.at().toString());
        if (deliveryId != null) {
            o.add("deliveryId", deliveryId);
        }
        add(o, "link", n.link());
        if (n.kind() == NoticeKind.TEST) {
            o.add("text", "This is a test message from WARD OPS: this channel works.");
            return o.build().toString();
        }
        AlertSnapshot a = n.alert();
        o.add("summary", headline(n));
        JsonObjectBuilder alert = Json.createObjectBuilder().add("id", a.id());
        add(alert, "severity", a.severity().name());
        add(alert, "state", a.state().name());
        add(alert, "ruleId", a.ruleId());
        add(alert, "ruleName", a.ruleName());
        add(alert, "subjectKey", a.subjectKey());
        add(alert, "subjectName", a.subjectName());
        add(alert, "deviceId", a.deviceId());
        add(alert, "branchId", a.branchId());
        add(alert, "branchName", a.branchName());
        add(alert, "regionId", a.regionId());
        add(alert, "regionName", a.regionName());
        add(alert, "message", a.message());
        add(alert, "triggeredAt", iso(a.triggeredAt()));
        add(alert, "triggeredAtLocal", local(a.triggeredAt()));
        add(alert, "acknowledgedAt", iso(a.acknowledgedAt()));
        add(alert, "acknowledgedBy", a.acknowledgedBy());
        add(alert, "resolvedAt", iso(a.resolvedAt()));
        add(alert, "resolvedAtLocal", local(a.resolvedAt()));
        if (a.resolvedAt() != null && a.triggeredAt() != null) {
            alert.add("durationSeconds", Duration.between(a.triggeredAt(), a.resolvedAt()).toSeconds());
        }
        alert.add("flapping", a.flapping());
        o.add("alert", alert);
        return o.build().toString();
    }

    private String headline(Notice n) {
        AlertSnapshot a = n.alert();
        String what = nz(a.subjectName(), a.subjectKey());
        return switch (n.kind()) {
            case FIRING -> a.severity() + " alert: " + what + " - " + nz(a.message(), nz(a.ruleName(), "alert"));
            case RESOLVED -> "Resolved: " + what + " - " + nz(a.ruleName(), "alert")
                    + (a.resolvedAt() == null ? "" : " after " + duration(Duration.between(a.triggeredAt(), a.resolvedAt())));
            case ESCALATED -> "ESCALATED: " + what + " is still " + a.severity() + " and not acknowledged "
                    + duration(Duration.between(a.triggeredAt(), n.at())) + " after it fired";
            case FLAPPING -> "Flapping: " + what + " changes state too often; held until it is stable";
            case TEST -> "Test message";
        };
    }

    private static String where(AlertSnapshot a) {
        StringBuilder w = new StringBuilder(nz(a.subjectName(), a.subjectKey()));
        if (a.branchName() != null && !a.branchName().equals(a.subjectName())) {
            w.append(" (").append(a.branchName());
            if (a.regionName() != null) {
                w.append(", ").append(a.regionName());
            }
            w.append(')');
        } else if (a.regionName() != null && !a.regionName().equals(a.subjectName())) {
            w.append(" (").append(a.regionName()).append(')');
        }
        return w.toString();
    }

    /** "2026-11-29 16:05:00 Asia/Tbilisi (2026-11-29T12:05:00Z)". */
    public String time(Instant t) {
        return t == null ? "-" : LOCAL.format(t.atZone(zone)) + " " + zone.getId() + " (" + t + ")";
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }

    private String local(Instant t) {
        return t == null ? null : t.atZone(zone).toOffsetDateTime().toString();
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        if (value != null) {
            b.append(String.format("%-13s %s%n", label + ":", value));
        }
    }

    private static void add(JsonObjectBuilder o, String name, String value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }

    private static void add(JsonObjectBuilder o, String name, Long value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }

    private static String nz(String s, String otherwise) {
        return s == null || s.isBlank() ? otherwise : s;
    }
}
