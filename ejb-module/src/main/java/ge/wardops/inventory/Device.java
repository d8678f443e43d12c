package ge.wardops.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import ge.wardops.inventory.credentials.SnmpCredential;
import ge.wardops.shared.TrackedEntity;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

@Entity
@Table(name = "devices")
public class Device extends TrackedEntity {

    // Allocation in blocks of 50 (the sequence increments by 50, see V3) lets Hibernate batch
    // the inserts of a CSV import instead of one round trip per row.
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "devices_seq")
    @SequenceGenerator(name = "devices_seq", sequenceName = "devices_id_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, length = 120)
    private String name;

    @JdbcTypeCode(SqlTypes.INET)
    @Column(nullable = false, columnDefinition = "inet")
    private InetAddress ip;

    @Enumerated(EnumType.STRING)
    @Column(name = "device_type", nullable = false, length = 30)
    private DeviceType type;

    private String vendor;
    private String model;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "branch_id", nullable = false)
    private Branch branch;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "parent_id")
    private Device parent;

    @Column(nullable = false)
    private boolean enabled = true;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private String[] tags = new String[0];

    @Column(name = "snmp_port", nullable = false)
    private int snmpPort = 161;

    /** How the SNMP collector authenticates to this device; none means it is not polled over SNMP. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "snmp_credential_id")
    private SnmpCredential snmpCredential;

    private String description;

    @Column(name = "down_since")
    private Instant downSince;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    protected Device() {
    }

    Device(String name, InetAddress ip, DeviceType type, Branch branch, Device parent) {
        place(name, ip, type, branch, parent);
    }

    void describe(String vendor, String model, String description, List<String> tags, boolean enabled, Integer snmpPort,
                  SnmpCredential snmpCredential) {
        this.vendor = vendor;
        this.model = model;
        this.description = description;
        this.tags = tags == null ? new String[0] : tags.toArray(String[]::new);
        this.enabled = enabled;
        this.snmpPort = snmpPort == null ? 161 : snmpPort;
        this.snmpCredential = snmpCredential;
        touch();
    }

    void place(String name, InetAddress ip, DeviceType type, Branch branch, Device parent) {
        this.name = name;
        this.ip = ip;
        this.type = type;
        this.branch = branch;
        this.parent = parent;
        touch();
    }

    void markDeleted() {
        this.deletedAt = Instant.now();
        this.enabled = false;
        touch();
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public InetAddress getIp() { return ip; }
    public DeviceType getType() { return type; }
    public String getVendor() { return vendor; }
    public String getModel() { return model; }
    public Branch getBranch() { return branch; }
    public Device getParent() { return parent; }
    public boolean isEnabled() { return enabled; }
    public List<String> getTags() { return tags == null ? List.of() : Arrays.asList(tags); }
    public int getSnmpPort() { return snmpPort; }
    public SnmpCredential getSnmpCredential() { return snmpCredential; }
    public String getDescription() { return description; }
    public Instant getDownSince() { return downSince; }
    public Instant getDeletedAt() { return deletedAt; }
}
