/**
 * Notifications: tells people about alerts by email (Jakarta Mail) and signed webhooks, routed by
 * rule, severity and region, with escalation and resolve notices and a delivery log. It observes
 * {@code alerting.AlertTransition} and reads {@code AlertSnapshot}; the escalation scan asks
 * {@code alerting.AlertingLookups} for the open, unacknowledged alerts. It owns its tables
 * (notification_channels, notification_routes, notification_deliveries) and reads no other
 * capability's tables (alerts, alert rules, devices, branches, regions) with its own SQL; it must
 * not change alerts or rules, and it never blocks the alert engine: all sending happens on its own
 * bounded executor.
 */
package ge.wardops.notify;
