package ge.wardops.fleet;

/** A branch as the summaries show it, copied once with the inventory snapshot. */
public record FleetBranch(long id, String name, String code, long regionId, String regionName) {
}
