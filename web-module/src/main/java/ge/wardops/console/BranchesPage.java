package ge.wardops.console;

import ge.wardops.inventory.BranchDraft;
import ge.wardops.inventory.BranchView;
import ge.wardops.inventory.BranchService;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The branches table (optionally of one region) and its create/edit dialog. */
@Named
@ViewScoped
public class BranchesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> INPUTS = Map.of("regionId", "branchForm:region", "name", "branchForm:name",
            "code", "branchForm:code", "city", "branchForm:city", "address", "branchForm:address",
            "latitude", "branchForm:latitude", "longitude", "branchForm:longitude");

    @EJB
    BranchService inventory;

    @Inject
    ServiceErrors errors;

    /** The region filter above the table; null shows all branches. */
    private Long regionFilter;
    private transient List<BranchView> branches;

    private Long editedId;
    private Long version;
    private Long regionId;
    private String name;
    private String code;
    private String city;
    private String address;
    private Double latitude;
    private Double longitude;

    public List<BranchView> getBranches() {
        if (branches == null) {
            branches = inventory.branches(regionFilter);
        }
        return branches;
    }

    public void filterChanged() {
        branches = null;
        TablePaging.toFirstPage("branches:table");
    }

    public void startCreate() {
        editedId = null;
        version = null;
        regionId = regionFilter;
        name = null;
        code = null;
        city = null;
        address = null;
        latitude = null;
        longitude = null;
    }

    public void startEdit(BranchView b) {
        editedId = b.id();
        version = b.version();
        regionId = b.regionId();
        name = b.name();
        code = b.code();
        city = b.city();
        address = b.address();
        latitude = b.latitude();
        longitude = b.longitude();
    }

    public void save() {
        BranchDraft draft = new BranchDraft(regionId, name, code, city, address, latitude, longitude, version);
        errors.attempt(INPUTS, () -> {
            BranchView saved = editedId == null ? inventory.createBranch(draft) : inventory.updateBranch(editedId, draft);
            branches = null;
            return "Branch '" + saved.name() + "' " + (editedId == null ? "created." : "saved.");
        });
    }

    public void delete(BranchView b) {
        errors.attempt(Map.of(), () -> {
            inventory.deleteBranch(b.id());
            branches = null;
            return "Branch '" + b.name() + "' deleted.";
        });
    }

    public boolean isCreating() { return editedId == null; }
    public Long getRegionFilter() { return regionFilter; }
    public void setRegionFilter(Long regionFilter) { this.regionFilter = regionFilter; }
    public Long getRegionId() { return regionId; }
    public void setRegionId(Long regionId) { this.regionId = regionId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getCity() { return city; }
    public void setCity(String city) { this.city = city; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public Double getLatitude() { return latitude; }
    public void setLatitude(Double latitude) { this.latitude = latitude; }
    public Double getLongitude() { return longitude; }
    public void setLongitude(Double longitude) { this.longitude = longitude; }
}
