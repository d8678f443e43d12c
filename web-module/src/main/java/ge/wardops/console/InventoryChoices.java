package ge.wardops.console;

import ge.wardops.inventory.BranchView;
import ge.wardops.inventory.DeviceType;
import ge.wardops.inventory.BranchService;
import ge.wardops.inventory.RegionService;
import ge.wardops.inventory.RegionView;
import ge.wardops.inventory.credentials.SnmpCredentialStore;
import ge.wardops.inventory.credentials.SnmpCredentialView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.util.List;

/** The options of the console's pickers (regions, branches, types, statuses), read once per request. */
@Named("choices")
@RequestScoped
public class InventoryChoices {

    /** The statuses a device list filters by, as the service names them. */
    private static final List<String> STATUSES = List.of("up", "down", "disabled");

    @EJB
    RegionService regionService;

    @EJB
    BranchService branchService;

    @EJB
    SnmpCredentialStore credentials;

    private List<RegionView> regions;
    private List<BranchView> branches;
    private List<SnmpCredentialView> snmpCredentials;

    public List<RegionView> getRegions() {
        if (regions == null) {
            regions = regionService.regions();
        }
        return regions;
    }

    public List<BranchView> getBranches() {
        if (branches == null) {
            branches = branchService.branches(null);
        }
        return branches;
    }

    /** The branches of one region, or all of them when {@code regionId} is null. */
    public List<BranchView> branchesOf(Long regionId) {
        return regionId == null ? getBranches() : getBranches().stream().filter(b -> b.regionId() == regionId).toList();
    }

    /** The SNMP credentials (names only are shown); admins and operators only, like the credentials themselves. */
    public List<SnmpCredentialView> getSnmpCredentials() {
        if (snmpCredentials == null) {
            snmpCredentials = credentials.list();
        }
        return snmpCredentials;
    }

    public DeviceType[] getDeviceTypes() {
        return DeviceType.values();
    }

    public List<String> getStatuses() {
        return STATUSES;
    }
}
