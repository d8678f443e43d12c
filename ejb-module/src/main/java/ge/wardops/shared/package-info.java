/**
 * The small vocabulary every capability shares: paging and the business errors that adapters
 * turn into HTTP problems or console messages. Holds no state and no persistence.
 */
package ge.wardops.shared;
