package ge.wardops.inventory;

import java.time.Instant;

/** A branch as callers see it. */
public record BranchView(long id, long regionId, String regionName, String name, String code,
                         String city, String address, Double latitude, Double longitude,
                         long deviceCount, Instant createdAt, Instant updatedAt, long version) {
}
