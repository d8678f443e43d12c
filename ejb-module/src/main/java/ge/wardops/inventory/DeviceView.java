package ge.wardops.inventory;

import ge.wardops.devicestate.LiveStatus;
import ge.wardops.inventory.credentials.SnmpCredential;
import ge.wardops.security.RegionScope;

import java.time.Instant;
import java.util.List;

/**
 * A device as callers see it: the inventory record with where it stands, and (only where the live
 * read path fills it, see {@link #withLive}) its current status; null and left out of JSON elsewhere.
 * A parent in a region the caller may not see is shown as {@code parentOutsideScope} only: no id,
 * no name ("outside your regions").
 */
public record DeviceView(long id, String name, String ip, DeviceType type, String vendor, String model,
                         long branchId, String branchName, long regionId, String regionName,
                         Long parentId, String parentName, boolean parentOutsideScope, boolean enabled, List<String> tags,
                         String description, int snmpPort, Long snmpCredentialId, String snmpCredentialName,
                         Instant downSince,
                         Instant createdAt, Instant updatedAt, long version, LiveStatus live) {

    /** The whole record, as the audit log keeps it. */
    static DeviceView of(Device d) {
        return of(d, RegionScope.EVERYTHING);
    }

    /** The record as a caller limited to {@code scope} may see it. */
    static DeviceView of(Device d, RegionScope scope) {
        Branch b = d.getBranch();
        Device p = d.getParent();
        boolean hidden = p != null && !scope.allows(p.getBranch().getRegion().getId());
        if (hidden) {
            p = null;
        }
        SnmpCredential c = d.getSnmpCredential();
        return new DeviceView(d.getId(), d.getName(), ge.wardops.shared.IpAddresses.format(d.getIp()),
                d.getType(), d.getVendor(), d.getModel(), b.getId(), b.getName(),
                b.getRegion().getId(), b.getRegion().getName(),
                p == null ? null : p.getId(), p == null ? null : p.getName(), hidden,
                d.isEnabled(), List.copyOf(d.getTags()), d.getDescription(), d.getSnmpPort(),
                c == null ? null : c.getId(), c == null ? null : c.getName(),
                d.getDownSince(), d.getCreatedAt(), d.getUpdatedAt(), d.getVersion(), null);
    }

    public DeviceView withLive(LiveStatus status) {
        return new DeviceView(id, name, ip, type, vendor, model, branchId, branchName, regionId, regionName, parentId, parentName,
                parentOutsideScope, enabled, tags, description, snmpPort, snmpCredentialId, snmpCredentialName, downSince, createdAt, updatedAt, version,
                status);
    }
}
