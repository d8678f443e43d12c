package ge.wardops.console;

import ge.wardops.devicestate.DeviceState;
import ge.wardops.fleet.FleetStatus;
import ge.wardops.inventory.BranchView;
import ge.wardops.inventory.DeviceFilter;
import ge.wardops.inventory.DeviceService;
import ge.wardops.inventory.DeviceType;
import ge.wardops.inventory.DeviceView;
import ge.wardops.report.DeviceListExport;
import ge.wardops.shared.Page;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;
import org.primefaces.model.StreamedContent;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device list: one page at a time from the inventory service (the browser never holds more
 * than a page, however large the fleet), filtered by the bar above the table. Each row's status is
 * the live one (the in-memory state the probes keep), and live.js updates it from the devices feed
 * while the page is open. "Export CSV" downloads the current view: same filters and sort, all pages.
 */
@Named
@ViewScoped
public class DevicesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Table column field to the service's sort key. */
    private static final Map<String, String> SORTS = Map.of("name", "name", "ip", "ip", "type", "type",
            "vendor", "vendor", "branchName", "branch", "regionName", "region");

    @EJB
    DeviceService inventory;

    @Inject
    ServiceErrors errors;

    @Inject
    InventoryChoices choices;

    @EJB
    FleetStatus fleet;

    @EJB
    DeviceListExport export;

    @Inject
    ConsoleTime time;

    /** The live states of the rows on the current page; replaced with every page load. */
    private transient Map<Long, DeviceState> states = Map.of();
    private String sort = "name";
    private boolean descending;

    private final LazyDataModel<DeviceView> rows = new Rows();

    private String text;
    private Long regionId;
    private Long branchId;
    private DeviceType type;
    private String vendor;
    private String status;

    public LazyDataModel<DeviceView> getRows() {
        return rows;
    }

    /** The branches of the chosen region, for the branch filter. */
    public List<BranchView> getBranchOptions() {
        return choices.branchesOf(regionId);
    }

    /** A filter changed: start again at the first page. */
    public void filterChanged() {
        TablePaging.toFirstPage("devices:table");
    }

    /** The region changed: a branch of another region would match nothing. */
    public void regionChanged() {
        if (branchId != null && getBranchOptions().stream().noneMatch(b -> b.id() == branchId)) {
            branchId = null;
        }
        filterChanged();
    }

    public void clearFilters() {
        text = null;
        regionId = null;
        branchId = null;
        type = null;
        vendor = null;
        status = null;
        filterChanged();
    }

    public void delete(long id, String name) {
        errors.attempt(Map.of(), () -> {
            DeviceService.Deletion outcome = inventory.deleteDevice(id);
            return outcome == DeviceService.Deletion.DELETED
                    ? "Device '" + name + "' deleted."
                    : "Device '" + name + "' retired: its history (state changes, alerts) is kept, it is no longer "
                    + "listed or probed and its name and address are free again.";
        });
    }

    /** Up, down, unknown or disabled, from the live state (not the stored down_since), for the status badge. */
    public String statusOf(DeviceView d) {
        if (!d.enabled()) {
            return "disabled";
        }
        DeviceState s = states == null ? null : states.get(d.id());
        if (s == null) {
            s = fleet.states(List.of(d.id())).get(d.id());
        }
        return s.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The current view (filters and sort, every page) as CSV; the export is audited by the service. */
    public StreamedContent getCsv() {
        DeviceFilter filter = filter();
        String sortKey = sort;
        boolean desc = descending;
        String name = "wardops-devices-" + LocalDateTime.now(ZoneId.of(time.getZone()))
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".csv";
        return DefaultStreamedContent.builder()
                .name(name)
                .contentType("text/csv; charset=UTF-8")
                .stream(() -> new ByteArrayInputStream(export.csv(filter, sortKey, desc)))
                .build();
    }

    private DeviceFilter filter() {
        return new DeviceFilter(regionId, branchId, type, vendor, status, text, null);
    }

    private final class Rows extends LazyDataModel<DeviceView> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return errors.read(Map.of("text", "devices:text", "vendor", "devices:vendor"),
                    () -> Math.toIntExact(inventory.devices(filter(), 0, 1, "name", false).total()), 0);
        }

        @Override
        public List<DeviceView> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            sort = "name";
            descending = false;
            for (SortMeta meta : sortBy.values()) {
                if (SORTS.containsKey(meta.getField()) && meta.getOrder() != SortOrder.UNSORTED) {
                    sort = SORTS.get(meta.getField());
                    descending = meta.getOrder() == SortOrder.DESCENDING;
                    break;
                }
            }
            return errors.read(Map.of(), () -> {
                Page<DeviceView> page = inventory.devices(filter(), first, pageSize, sort, descending);
                // Devices come and go between the count and the page: believe the later total.
                setRowCount(Math.toIntExact(page.total()));
                states = new HashMap<>(fleet.states(page.items().stream().map(DeviceView::id).toList()));
                return page.items();
            }, List.of());
        }

        @Override
        public String getRowKey(DeviceView device) {
            return String.valueOf(device.id());
        }

        @Override
        public DeviceView getRowData(String rowKey) {
            return getWrappedData().stream().filter(d -> String.valueOf(d.id()).equals(rowKey)).findFirst().orElse(null);
        }
    }

    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public Long getRegionId() { return regionId; }
    public void setRegionId(Long regionId) { this.regionId = regionId; }
    public Long getBranchId() { return branchId; }
    public void setBranchId(Long branchId) { this.branchId = branchId; }
    public DeviceType getType() { return type; }
    public void setType(DeviceType type) { this.type = type; }
    public String getVendor() { return vendor; }
    public void setVendor(String vendor) { this.vendor = vendor; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
}
