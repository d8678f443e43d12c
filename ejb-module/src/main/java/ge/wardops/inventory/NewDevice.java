package ge.wardops.inventory;

/**
 * One device of a bulk create. Its parent is either an existing device ({@code draft.parentId()})
 * or, when {@code parentIndex} is set, an earlier device of the same batch.
 */
public record NewDevice(DeviceDraft draft, Integer parentIndex) {
}
