/**
 * The audit log: who changed what, when, from where, with the state before and after. Rows are
 * append-only and hash-chained by the database; this package only appends and reads them.
 */
package ge.wardops.audit;
