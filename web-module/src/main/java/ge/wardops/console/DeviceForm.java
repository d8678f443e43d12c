package ge.wardops.console;

import ge.wardops.inventory.DeviceDraft;
import ge.wardops.inventory.DeviceFilter;
import ge.wardops.inventory.DeviceType;
import ge.wardops.inventory.DeviceView;
import ge.wardops.inventory.DeviceService;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates a device (no id) or changes one (?id=N). Sends back the version it read, so that a
 * change made meanwhile by someone else is refused instead of silently overwritten.
 */
@Named
@ViewScoped
public class DeviceForm implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Service field to the input that edits it. */
    private static final Map<String, String> INPUTS = Map.ofEntries(
            Map.entry("name", "device:name"), Map.entry("ip", "device:ip"), Map.entry("type", "device:type"),
            Map.entry("vendor", "device:vendor"), Map.entry("model", "device:model"),
            Map.entry("branchId", "device:branch"), Map.entry("parentId", "device:parent"),
            Map.entry("enabled", "device:enabled"), Map.entry("tags", "device:tags"),
            Map.entry("description", "device:description"), Map.entry("snmpPort", "device:snmpPort"),
            Map.entry("snmpCredentialId", "device:snmpCredential"));

    private static final int SUGGESTIONS = 15;

    @EJB
    DeviceService inventory;

    @Inject
    ServiceErrors errors;

    private Long id;
    private boolean found = true;
    private Long version;

    private String name;
    private String ip;
    private DeviceType type;
    private String vendor;
    private String model;
    private Long branchId;
    private DeviceChoice parent;
    /** The parent is in a region the caller may not see: shown without name, kept on save unless another is chosen. */
    private boolean parentOutsideScope;
    private boolean enabled = true;
    private List<String> tags = new ArrayList<>();
    private String description;
    private Integer snmpPort = 161;
    private Long snmpCredentialId;
    /** Shown to those who may not list credentials (the picker is for admins and operators). */
    private String snmpCredentialName;

    private Instant createdAt;
    private Instant updatedAt;
    private Instant downSince;

    /** Reads the device named by ?id= (once per view, not again on each postback). */
    public void load() {
        if (id == null || FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        boolean read = errors.attempt(Map.of(), () -> {
            fill(inventory.device(id));
            return null;
        });
        if (!read) {
            found = false;
        }
    }

    public String save() {
        DeviceDraft draft = new DeviceDraft(name, ip, type, vendor, model, branchId, parent == null ? null : parent.id(),
                enabled, tags == null ? List.of() : List.copyOf(tags), description, snmpPort, snmpCredentialId, version);
        boolean saved = errors.attempt(INPUTS, () -> {
            DeviceView device = id == null ? inventory.createDevice(draft) : inventory.updateDevice(id, draft);
            ExternalContext ext = FacesContext.getCurrentInstance().getExternalContext();
            ext.getFlash().setKeepMessages(true);
            return "Device '" + device.name() + "' " + (id == null ? "created." : "saved.");
        });
        return saved ? "/console/devices?faces-redirect=true" : null;
    }

    /** Devices whose name, address, vendor or model contain {@code query}, for the parent picker. */
    public List<DeviceChoice> completeParent(String query) {
        DeviceFilter filter = new DeviceFilter(null, null, null, null, null, query, null);
        return inventory.devices(filter, 0, SUGGESTIONS, "name", false).items().stream()
                .filter(d -> id == null || d.id() != id)
                .map(DeviceChoice::of)
                .toList();
    }

    private void fill(DeviceView d) {
        version = d.version();
        name = d.name();
        ip = d.ip();
        type = d.type();
        vendor = d.vendor();
        model = d.model();
        branchId = d.branchId();
        parent = d.parentId() == null ? null : new DeviceChoice(d.parentId(), d.parentName(), null);
        parentOutsideScope = d.parentOutsideScope();
        enabled = d.enabled();
        tags = new ArrayList<>(d.tags());
        description = d.description();
        snmpPort = d.snmpPort();
        snmpCredentialId = d.snmpCredentialId();
        snmpCredentialName = d.snmpCredentialName();
        createdAt = d.createdAt();
        updatedAt = d.updatedAt();
        downSince = d.downSince();
    }

    public boolean isNew() { return id == null; }
    public boolean isFound() { return found; }
    public Long getVersion() { return version; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getDownSince() { return downSince; }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getIp() { return ip; }
    public void setIp(String ip) { this.ip = ip; }
    public DeviceType getType() { return type; }
    public void setType(DeviceType type) { this.type = type; }
    public String getVendor() { return vendor; }
    public void setVendor(String vendor) { this.vendor = vendor; }
    public String getModel() { return model; }
    public void setModel(String model) { this.model = model; }
    public Long getBranchId() { return branchId; }
    public void setBranchId(Long branchId) { this.branchId = branchId; }
    public DeviceChoice getParent() { return parent; }
    public boolean isParentOutsideScope() { return parentOutsideScope; }
    public void setParent(DeviceChoice parent) { this.parent = parent; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<String> getTags() { return tags; }
    public void setTags(List<String> tags) { this.tags = tags; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Integer getSnmpPort() { return snmpPort; }
    public void setSnmpPort(Integer snmpPort) { this.snmpPort = snmpPort; }
    public Long getSnmpCredentialId() { return snmpCredentialId; }
    public void setSnmpCredentialId(Long snmpCredentialId) { this.snmpCredentialId = snmpCredentialId; }
    public String getSnmpCredentialName() { return snmpCredentialName; }
}
