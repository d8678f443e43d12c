package ge.wardops.alerting;

import java.time.Instant;

/**
 * Something happened to an alert: the CDI event the alert engine fires after the change is
 * committed, and the one thing notification channels, the alerts feed and the audit log listen
 * to. Observers must not block the engine: notifications hand the work to their own executor.
 *
 * @param kind    what happened
 * @param alert   the alert as it is after the change
 * @param actor   the user who acted, or {@code "system"} for the engine's own decisions
 * @param comment the operator's comment for acknowledge/comment/resolve, otherwise {@code null}
 * @param at      when it happened (UTC)
 */
public record AlertTransition(Kind kind, AlertSnapshot alert, String actor, String comment, Instant at) implements java.io.Serializable {

    public static final String SYSTEM = "system";

    public enum Kind {
        /** A new alert; {@code alert.suppressed()} / {@code alert.inMaintenance()} say whether to notify. */
        FIRING,
        ACKNOWLEDGED,
        COMMENTED,
        /** Closed by the engine (condition cleared) or by an operator. */
        RESOLVED,
        /** Still firing and not acknowledged after the rule's escalation time. */
        ESCALATED,
        /** The subject started flapping; held until stable, notified once. */
        FLAPPING,
        /**
         * The same condition came again while the alert is open (a repeated trap or syslog line):
         * {@code alert.repeatCount()} went up. For the feed and the console; never notified.
         */
        REPEATED
    }
}
