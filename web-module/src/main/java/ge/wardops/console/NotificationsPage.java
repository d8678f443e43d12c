package ge.wardops.console;

import ge.wardops.alerting.Severity;
import ge.wardops.notify.ChannelDraft;
import ge.wardops.notify.ChannelView;
import ge.wardops.notify.DeliveryLog;
import ge.wardops.notify.DeliveryView;
import ge.wardops.notify.NotificationChannels;
import ge.wardops.notify.NotificationRoutes;
import ge.wardops.notify.RouteDraft;
import ge.wardops.notify.RouteView;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Notification channels (admins; a webhook secret is write-only: the page says whether one is set,
 * never what it is), routes (admins and operators) and the recent deliveries. The services check
 * the roles again and audit every change.
 */
@Named
@ViewScoped
public class NotificationsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int RECENT = 50;
    private static final Map<String, String> CHANNEL_INPUTS = Map.of("name", "channelForm:channelName", "kind", "channelForm:kind",
            "target", "channelForm:target", "secret", "channelForm:secret");
    private static final Map<String, String> ROUTE_INPUTS = Map.of("name", "routeForm:routeName", "ruleId", "routeForm:ruleId",
            "minSeverity", "routeForm:minSeverity", "regionId", "routeForm:regionId", "channelId", "routeForm:channelId",
            "escalateAfterMinutes", "routeForm:escalateAfterMinutes", "escalationChannelId", "routeForm:escalationChannelId");

    @EJB
    NotificationChannels channels;

    @EJB
    NotificationRoutes routes;

    @EJB
    DeliveryLog deliveries;

    @Inject
    ServiceErrors errors;

    private transient List<ChannelView> channelList;
    private transient List<RouteView> routeList;
    private transient List<DeliveryView> deliveryList;

    private Long channelId;
    private Long channelVersion;
    private String channelName;
    private String kind = "EMAIL";
    private String target;
    private String secret;
    private boolean secretSet;
    private boolean channelEnabled = true;

    private Long routeId;
    private Long routeVersion;
    private String routeName;
    private Long ruleId;
    private String minSeverity = "WARNING";
    private Long regionId;
    private Long routeChannelId;
    private Integer escalateAfterMinutes;
    private Long escalationChannelId;
    private boolean routeEnabled = true;

    public List<ChannelView> getChannels() {
        if (channelList == null) {
            channelList = channels.list();
        }
        return channelList;
    }

    public List<RouteView> getRoutes() {
        if (routeList == null) {
            routeList = routes.list();
        }
        return routeList;
    }

    public List<DeliveryView> getDeliveries() {
        if (deliveryList == null) {
            deliveryList = deliveries.list(null, null, null, null, null, null, 0, RECENT).items();
        }
        return deliveryList;
    }

    /** The name of channel {@code id} for the routes table, or "#id" for one since deleted. */
    public String channelName(Long id) {
        if (id == null) {
            return "";
        }
        return getChannels().stream().filter(c -> c.id() == id).map(ChannelView::name).findFirst().orElse("#" + id);
    }

    private void reread() {
        channelList = null;
        routeList = null;
        deliveryList = null;
    }

    public void newChannel() {
        channelId = channelVersion = null;
        channelName = target = secret = null;
        kind = "EMAIL";
        secretSet = false;
        channelEnabled = true;
    }

    public void editChannel(ChannelView c) {
        channelId = c.id();
        channelVersion = c.version();
        channelName = c.name();
        kind = c.kind().name();
        target = c.target();
        secret = null;
        secretSet = c.secretSet();
        channelEnabled = c.enabled();
    }

    public void saveChannel() {
        ChannelDraft draft = new ChannelDraft(channelName, kind, target, secret, channelEnabled, channelVersion);
        errors.attempt(CHANNEL_INPUTS, () -> {
            ChannelView saved = channelId == null ? channels.create(draft) : channels.update(channelId, draft);
            reread();
            return "Channel '" + saved.name() + "' " + (channelId == null ? "created." : "saved.");
        });
        secret = null;
    }

    public void deleteChannel(ChannelView c) {
        errors.attempt(Map.of(), () -> {
            channels.delete(c.id());
            reread();
            return "Channel '" + c.name() + "' deleted.";
        });
    }

    /** Sends a test message through the channel now and says how it went. */
    public void testChannel(ChannelView c) {
        errors.attempt(Map.of(), () -> {
            DeliveryView d = channels.test(c.id());
            deliveryList = null;
            return "Test through '" + c.name() + "': " + d.status() + (d.lastError() == null ? "" : " (" + d.lastError() + ")");
        });
    }

    public void newRoute() {
        routeId = routeVersion = null;
        routeName = null;
        ruleId = regionId = routeChannelId = escalationChannelId = null;
        minSeverity = "WARNING";
        escalateAfterMinutes = null;
        routeEnabled = true;
    }

    public void editRoute(RouteView r) {
        routeId = r.id();
        routeVersion = r.version();
        routeName = r.name();
        ruleId = r.ruleId();
        minSeverity = r.minSeverity().name();
        regionId = r.regionId();
        routeChannelId = r.channelId();
        escalateAfterMinutes = r.escalateAfterMinutes();
        escalationChannelId = r.escalationChannelId();
        routeEnabled = r.enabled();
    }

    public void saveRoute() {
        RouteDraft draft = new RouteDraft(routeName, ruleId, minSeverity, regionId, routeChannelId, escalateAfterMinutes,
                escalationChannelId, routeEnabled, routeVersion);
        errors.attempt(ROUTE_INPUTS, () -> {
            RouteView saved = routeId == null ? routes.create(draft) : routes.update(routeId, draft);
            reread();
            return "Route '" + saved.name() + "' " + (routeId == null ? "created." : "saved.");
        });
    }

    public void deleteRoute(RouteView r) {
        errors.attempt(Map.of(), () -> {
            routes.delete(r.id());
            reread();
            return "Route '" + r.name() + "' deleted.";
        });
    }

    public String[] getSeverities() { return Arrays.stream(Severity.values()).map(Severity::name).toArray(String[]::new); }
    public boolean isCreatingChannel() { return channelId == null; }
    public boolean isCreatingRoute() { return routeId == null; }
    public boolean isSecretSet() { return secretSet; }
    public String getChannelName() { return channelName; }
    public void setChannelName(String channelName) { this.channelName = channelName; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    /** Write-only: the field is always shown empty. */
    public String getSecret() { return null; }
    public void setSecret(String secret) { this.secret = secret; }
    public boolean isChannelEnabled() { return channelEnabled; }
    public void setChannelEnabled(boolean channelEnabled) { this.channelEnabled = channelEnabled; }
    public String getRouteName() { return routeName; }
    public void setRouteName(String routeName) { this.routeName = routeName; }
    public Long getRuleId() { return ruleId; }
    public void setRuleId(Long ruleId) { this.ruleId = ruleId; }
    public String getMinSeverity() { return minSeverity; }
    public void setMinSeverity(String minSeverity) { this.minSeverity = minSeverity; }
    public Long getRegionId() { return regionId; }
    public void setRegionId(Long regionId) { this.regionId = regionId; }
    public Long getRouteChannelId() { return routeChannelId; }
    public void setRouteChannelId(Long routeChannelId) { this.routeChannelId = routeChannelId; }
    public Integer getEscalateAfterMinutes() { return escalateAfterMinutes; }
    public void setEscalateAfterMinutes(Integer escalateAfterMinutes) { this.escalateAfterMinutes = escalateAfterMinutes; }
    public Long getEscalationChannelId() { return escalationChannelId; }
    public void setEscalationChannelId(Long escalationChannelId) { this.escalationChannelId = escalationChannelId; }
    public boolean isRouteEnabled() { return routeEnabled; }
    public void setRouteEnabled(boolean routeEnabled) { this.routeEnabled = routeEnabled; }
}
