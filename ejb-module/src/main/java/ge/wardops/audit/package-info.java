/**
 * The audit log: who changed what, when, from where, with the state before and after; refusals,
 * logins and exports. Rows are append-only and hash-chained by the database; this package appends
 * them, reads and exports them for auditors, checks the chain, and archives old rows (retention)
 * only through the database's archiving function. It never changes a row.
 */
package ge.wardops.audit;
