package ge.wardops.console;

import ge.wardops.alerting.MaintenanceService;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.StateChangeFeed;
import ge.wardops.fleet.FleetStatus;
import ge.wardops.history.DeviceHistory;
import ge.wardops.history.HistoryRange;
import ge.wardops.history.HistoryService;
import ge.wardops.history.HistoryUnavailableException;
import ge.wardops.history.InterfaceTraffic;
import ge.wardops.inventory.DeviceService;
import ge.wardops.inventory.DeviceView;
import ge.wardops.shared.UnknownEntityException;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The device page ({@code device.xhtml?id=}): the inventory record, the live status (kept current by
 * live.js), RTT/loss/availability and interface traffic charts over 24h, 7d or 30d, and the recorded
 * state changes. A device outside the user's regions is "not found", as in the API.
 */
@Named
@ViewScoped
public class DevicePage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Set<String> RANGES = Set.of("24h", "7d", "30d");
    static final int TIMELINE = 50;
    /** Interfaces charted: the busiest ones; a core switch's hundreds of ports would bury the page. */
    static final int MAX_INTERFACES = 8;

    @EJB
    DeviceService inventory;

    @EJB
    FleetStatus fleet;

    @EJB
    StateChangeFeed stateChanges;

    @Inject
    HistoryService history;

    @Inject
    InterfaceTraffic traffic;

    @Inject
    ConsoleTime time;

    /** Asked as the API asks it (GET /maintenance-windows/devices): within the caller's regions. */
    @EJB
    MaintenanceService maintenance;

    private Long id;
    private String range = "24h";
    private DeviceView device;
    private transient DeviceState state;
    private transient List<DeviceStateChanged> timeline;
    private transient Charts charts;
    private String historyProblem;

    /** The view action: the device, or nothing (the page says "not found"). */
    public void load() {
        device = null;
        if (id == null) {
            return;
        }
        try {
            device = inventory.device(id);
        } catch (UnknownEntityException e) {
            device = null;
        } catch (EJBException e) {
            if (!(e.getCause() instanceof UnknownEntityException)) {
                throw e;
            }
        }
    }

    /** The range buttons changed: the charts are read again for it. */
    public void rangeChanged() {
        charts = null;
    }

    public boolean isFound() {
        return device != null;
    }

    public DeviceView getDevice() {
        return device;
    }

    public DeviceState getState() {
        if (state == null && device != null) {
            state = fleet.states(List.of(device.id())).get(device.id());
        }
        return state;
    }

    /** up, down, unknown or disabled, as the list's badges say. */
    /** Whether a maintenance window covers the device now (its alerts are marked and not notified). */
    public boolean isInMaintenance() {
        return device != null && maintenance.devicesInMaintenance().contains(device.id());
    }

    public String getStatus() {
        if (device == null) {
            return "unknown";
        }
        return device.enabled() ? getState().status().name().toLowerCase(Locale.ROOT) : "disabled";
    }

    public List<DeviceStateChanged> getTimeline() {
        if (timeline == null && device != null) {
            timeline = stateChanges.ofDevice(device.id(), TIMELINE);
        }
        return timeline == null ? List.of() : timeline;
    }

    public Charts getCharts() {
        if (charts == null && device != null) {
            charts = readCharts();
        }
        return charts;
    }

    public String getHistoryProblem() {
        getCharts();
        return historyProblem;
    }

    private Charts readCharts() {
        historyProblem = null;
        HistoryRange r = HistoryRange.of(range, null, null, null, Instant.now());
        HistoryCharts builder = new HistoryCharts(time, r);
        DeviceHistory h;
        try {
            h = history.history(device.id(), r);
        } catch (HistoryUnavailableException e) {
            historyProblem = "History is unavailable right now: VictoriaMetrics does not answer. The live status above is current.";
            return new Charts(null, null, null, List.of());
        }
        List<InterfaceChart> interfaces;
        try {
            interfaces = traffic.of(device.id(), r).interfaces().stream().limit(MAX_INTERFACES)
                    .map(i -> new InterfaceChart(i.index(), i.name(), builder.traffic(i)))
                    .toList();
        } catch (HistoryUnavailableException e) {
            historyProblem = "Interface traffic is unavailable right now: VictoriaMetrics does not answer.";
            interfaces = List.of();
        }
        return new Charts(builder.line("RTT (ms)", h.rttMs(), "#0b4f6c", null),
                builder.line("Loss (%)", h.lossPercent(), "#c62828", 100.0),
                builder.line("Availability (%)", h.availabilityPercent(), "#1a7f37", 100.0),
                interfaces);
    }

    /** The Chart.js configurations (JSON) of the page; null ones are not drawn. */
    public record Charts(String rtt, String loss, String availability, List<InterfaceChart> interfaces) {
    }

    /** One interface's traffic chart. */
    public record InterfaceChart(String index, String name, String chart) {

        public String getLabel() {
            return name == null || name.isBlank() ? "ifIndex " + index : name + " (ifIndex " + index + ")";
        }
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public String getRange() { return range; }

    public void setRange(String range) {
        this.range = range != null && RANGES.contains(range) ? range : "24h";
    }
}
