package ge.wardops.report;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.fleet.FleetStatus;
import ge.wardops.inventory.DeviceFilter;
import ge.wardops.inventory.DeviceService;
import ge.wardops.inventory.DeviceView;
import ge.wardops.security.Roles;
import ge.wardops.shared.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The device list as CSV, exactly the rows the caller's list shows with the same filter and sort
 * (so also only the caller's regions), with each device's live status. Every export is audited:
 * who, which filter, how many rows.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class DeviceListExport {

    /** Rows read per page of the inventory service (its maximum). */
    private static final int PAGE = 1000;
    static final List<String> HEADER = List.of("id", "name", "ip", "type", "vendor", "model", "branch", "region", "enabled",
            "status", "status_since_utc", "rtt_ms", "loss_percent", "tags");

    @EJB
    DeviceService inventory;

    @EJB
    FleetStatus fleet;

    @EJB
    AuditLog audit;

    /** UTF-8 CSV (RFC 4180, CRLF) of every device matching {@code filter}, in the list's order. */
    public byte[] csv(DeviceFilter filter, String sort, boolean descending) {
        StringBuilder out = new StringBuilder(64 * 1024);
        row(out, HEADER);
        int rows = 0;
        for (int offset = 0; ; offset += PAGE) {
            Page<DeviceView> page = inventory.devices(filter, offset, PAGE, sort, descending);
            Map<Long, DeviceState> states = fleet.states(page.items().stream().map(DeviceView::id).toList());
            for (DeviceView d : page.items()) {
                DeviceState s = states.get(d.id());
                List<String> cells = new ArrayList<>(HEADER.size());
                cells.add(String.valueOf(d.id()));
                cells.add(d.name());
                cells.add(d.ip());
                cells.add(d.type().name());
                cells.add(d.vendor());
                cells.add(d.model());
                cells.add(d.branchName());
                cells.add(d.regionName());
                cells.add(String.valueOf(d.enabled()));
                cells.add(d.enabled() ? s.status().name() : "DISABLED");
                cells.add(d.enabled() && s.since() != null ? s.since().toString() : null);
                cells.add(d.enabled() && s.rttMs() != null ? String.valueOf(s.rttMs()) : null);
                cells.add(d.enabled() && s.lastProbe() != null ? String.valueOf(s.lossPercent()) : null);
                cells.add(String.join(" ", d.tags()));
                row(out, cells);
                rows++;
            }
            if (page.items().size() < PAGE || offset + PAGE >= page.total()) {
                break;
            }
        }
        audit.record(AuditEntry.of(AuditAction.EXPORT, "device", null).inRegion(filter.regionId())
                .withDetails("device list as CSV, " + rows + " rows, filter " + filter + ", sort " + sort + (descending ? " desc" : " asc") + ", at " + Instant.now()));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * One field: quoted when it holds a separator, quote or line break; a leading = + - @ (a formula to
     * a spreadsheet) is defused with a quote mark so that opening the file never runs a device's name.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = SpreadsheetText.defuse(value);
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
