package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;

import java.time.Instant;

/**
 * What a message tells: the kind, the alert as it was (null for a test message), when, and the
 * link to the alert in the console. Rendering it is {@link NoticeFormat}'s.
 */
public record Notice(NoticeKind kind, AlertSnapshot alert, Instant at, String link) {

    public static Notice test(Instant at, String consoleLink) {
        return new Notice(NoticeKind.TEST, null, at, consoleLink);
    }
}
