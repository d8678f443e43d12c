/**
 * The small vocabulary every capability shares: paging, the business errors that adapters turn
 * into HTTP problems or console messages, the bank-wide settings ({@link ge.wardops.shared.SiteSettings})
 * and the {@link ge.wardops.shared.DeviceReferences} contract through which the inventory asks the
 * capabilities that point at devices. Holds no state and no persistence.
 */
package ge.wardops.shared;
