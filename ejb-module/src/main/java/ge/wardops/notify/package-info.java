/**
 * Notifications: tells people about alerts by email (Jakarta Mail) and signed webhooks, routed by
 * rule, severity and region, with escalation and resolve notices and a delivery log. It observes
 * {@code alerting.AlertTransition} and reads {@code AlertSnapshot}; it must not change alerts or
 * rules, and it never blocks the alert engine: all sending happens on its own bounded executor.
 */
package ge.wardops.notify;
