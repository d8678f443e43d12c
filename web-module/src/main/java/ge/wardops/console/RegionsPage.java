package ge.wardops.console;

import ge.wardops.inventory.RegionService;
import ge.wardops.inventory.RegionDraft;
import ge.wardops.inventory.RegionView;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The regions table and its create/edit dialog. */
@Named
@ViewScoped
public class RegionsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> INPUTS = Map.of("name", "regionForm:name", "code", "regionForm:code");

    @EJB
    RegionService inventory;

    @Inject
    ServiceErrors errors;

    private transient List<RegionView> regions;

    /** The region being edited; id null while creating one. */
    private Long editedId;
    private Long version;
    private String name;
    private String code;

    public List<RegionView> getRegions() {
        if (regions == null) {
            regions = inventory.regions();
        }
        return regions;
    }

    public void startCreate() {
        editedId = null;
        version = null;
        name = null;
        code = null;
    }

    public void startEdit(RegionView r) {
        editedId = r.id();
        version = r.version();
        name = r.name();
        code = r.code();
    }

    public void save() {
        RegionDraft draft = new RegionDraft(name, code, version);
        errors.attempt(INPUTS, () -> {
            RegionView saved = editedId == null ? inventory.createRegion(draft) : inventory.updateRegion(editedId, draft);
            regions = null;
            return "Region '" + saved.name() + "' " + (editedId == null ? "created." : "saved.");
        });
    }

    public void delete(RegionView r) {
        errors.attempt(Map.of(), () -> {
            inventory.deleteRegion(r.id());
            regions = null;
            return "Region '" + r.name() + "' deleted.";
        });
    }

    public boolean isCreating() { return editedId == null; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
}
