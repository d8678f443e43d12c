package ge.wardops.alerting;

import ge.wardops.shared.NumberedEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.util.HashSet;
import java.util.Set;

/**
 * A saved device group. Its members are device ids (the schema's foreign key keeps them real):
 * alerting scopes rules by them and does not map the inventory's devices.
 */
@Entity
@Table(name = "device_groups")
public class DeviceGroup extends NumberedEntity {

    @Column(nullable = false, length = 120)
    private String name;

    @Column(length = 500)
    private String description;

    @ElementCollection
    @CollectionTable(name = "device_group_members", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "device_id", nullable = false)
    private Set<Long> deviceIds = new HashSet<>();

    protected DeviceGroup() {
    }

    DeviceGroup(String name, String description, Set<Long> members) {
        this.name = name;
        this.description = description;
        this.deviceIds.addAll(members);
    }

    void change(String name, String description, Set<Long> members) {
        this.name = name;
        this.description = description;
        // Kept and added rather than cleared and refilled: a 20,000-device group changed by one writes one row.
        deviceIds.retainAll(members);
        deviceIds.addAll(members);
        touch();
    }

    DeviceGroupView view() {
        return new DeviceGroupView(getId(), name, description, deviceIds.stream().sorted().toList(), getVersion());
    }

}
