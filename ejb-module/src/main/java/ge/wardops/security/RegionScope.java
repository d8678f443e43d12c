package ge.wardops.security;

import java.util.Set;

/**
 * The regions a caller may see: all of them, or a fixed set (a regional manager's). Every query
 * that lists or reads fleet data takes one of these; there is no unscoped path.
 */
public record RegionScope(boolean unrestricted, Set<Long> regionIds) {

    public static final RegionScope EVERYTHING = new RegionScope(true, Set.of());
    public static final RegionScope NOTHING = new RegionScope(false, Set.of());

    public static RegionScope of(Set<Long> regionIds) {
        return new RegionScope(false, Set.copyOf(regionIds));
    }

    public boolean allows(Long regionId) {
        return unrestricted || (regionId != null && regionIds.contains(regionId));
    }
}
