package ge.wardops.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import ge.wardops.shared.TrackedEntity;


@Entity
@Table(name = "branches")
public class Branch extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "region_id", nullable = false)
    private Region region;

    @Column(nullable = false, length = 120)
    private String name;

    @Column(nullable = false, length = 20)
    private String code;

    private String city;
    private String address;
    private Double latitude;
    private Double longitude;

    protected Branch() {
    }

    public Branch(Region region, BranchDraft draft) {
        this.region = region;
        apply(draft);
    }

    void update(Region region, BranchDraft draft) {
        this.region = region;
        apply(draft);
        touch();
    }

    private void apply(BranchDraft draft) {
        this.name = draft.name().strip();
        this.code = draft.code().strip();
        this.city = draft.city();
        this.address = draft.address();
        this.latitude = draft.latitude();
        this.longitude = draft.longitude();
    }

    public Long getId() { return id; }
    public Region getRegion() { return region; }
    public String getName() { return name; }
    public String getCode() { return code; }
    public String getCity() { return city; }
    public String getAddress() { return address; }
    public Double getLatitude() { return latitude; }
    public Double getLongitude() { return longitude; }
}
