package ge.wardops.inventory;

import java.time.Instant;

/** A region as callers see it, with how much of the fleet it holds. */
public record RegionView(long id, String name, String code, long branchCount, long deviceCount,
                         Instant createdAt, Instant updatedAt, long version) {
}
