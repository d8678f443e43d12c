package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertTransition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides who is told about an alert transition, before anything is claimed or sent:
 * <ul>
 * <li>nothing when the alert is not notifiable (a parent's alert covers it, or it is in maintenance);
 * <li>FIRING and FLAPPING: the channel of every matching route;
 * <li>ESCALATED: the escalation channel of every matching route (its own channel when it has none);
 * <li>RESOLVED: every channel that was told about the alert before, so whoever heard "broken" hears "fixed";
 * <li>ACKNOWLEDGED, COMMENTED: nobody.
 * </ul>
 * The escalation scan asks {@link #dueEscalations} with the same route matching: the escalation
 * channel of every matching route with an escalation whose time has passed since the alert fired.
 * Each channel gets one notice even when several routes lead to it; the delivery log then makes
 * sure it is sent once, however often it is asked for.
 */
public final class RoutePlan {

    /** One notice to send: the channel, the kind, and the route that chose it (null for a resolve notice). */
    public record Target(long channelId, NoticeKind kind, Long routeId) {
    }

    private RoutePlan() {
    }

    public static List<Target> targets(AlertTransition t, Collection<Route> routes, Set<Long> channelsToldBefore) {
        if (t.alert() == null || !t.alert().notifiable()) {
            return List.of();
        }
        Map<Long, Target> byChannel = new LinkedHashMap<>();
        switch (t.kind()) {
            case FIRING, FLAPPING -> {
                NoticeKind kind = t.kind() == AlertTransition.Kind.FIRING ? NoticeKind.FIRING : NoticeKind.FLAPPING;
                for (Route r : routes) {
                    if (r.matches(t.alert())) {
                        byChannel.putIfAbsent(r.channelId(), new Target(r.channelId(), kind, r.id()));
                    }
                }
            }
            case ESCALATED -> {
                for (Route r : routes) {
                    if (r.matches(t.alert())) {
                        long channel = r.escalationChannelId() != null ? r.escalationChannelId() : r.channelId();
                        byChannel.putIfAbsent(channel, new Target(channel, NoticeKind.ESCALATED, r.id()));
                    }
                }
            }
            case RESOLVED -> {
                for (Long channel : channelsToldBefore) {
                    byChannel.putIfAbsent(channel, new Target(channel, NoticeKind.RESOLVED, null));
                }
            }
            default -> {
                // Acknowledgements and comments are for the console and the audit log, not for pagers.
            }
        }
        return new ArrayList<>(byChannel.values());
    }

    /**
     * The escalations due for an open, unacknowledged alert at {@code now}: the escalation channel of
     * every route (taken in the order given, the first route per channel) that matches it as it would
     * match its FIRING notice, has an escalation channel and time, and whose time since the alert fired
     * has passed.
     */
    public static List<Target> dueEscalations(AlertSnapshot a, Collection<Route> routes, Instant now) {
        Map<Long, Target> byChannel = new LinkedHashMap<>();
        for (Route r : routes) {
            if (r.escalationChannelId() != null && r.escalateAfterMinutes() != null && r.matches(a)
                    && !a.triggeredAt().isAfter(now.minus(Duration.ofMinutes(r.escalateAfterMinutes())))) {
                byChannel.putIfAbsent(r.escalationChannelId(), new Target(r.escalationChannelId(), NoticeKind.ESCALATED, r.id()));
            }
        }
        return new ArrayList<>(byChannel.values());
    }
}
