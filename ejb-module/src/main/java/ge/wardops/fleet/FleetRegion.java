package ge.wardops.fleet;

/** A region as the summaries show it, copied once with the inventory snapshot. */
public record FleetRegion(long id, String name, String code) {
}
