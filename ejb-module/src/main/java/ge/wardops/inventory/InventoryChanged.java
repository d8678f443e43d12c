package ge.wardops.inventory;

/**
 * Something in the inventory changed (a region, branch or device was created, changed or
 * deleted). Observers that keep a copy of the inventory refresh it after the commit.
 */
public record InventoryChanged(String kind) {
}
