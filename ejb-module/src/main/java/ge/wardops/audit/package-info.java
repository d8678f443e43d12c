/**
 * The audit log: who changed what, when, from where, with the state before and after; refusals,
 * logins and exports. Rows are append-only; this package appends them with a keyed hash it computes
 * itself (keys outside the database), signs anchors of the chain head outside PostgreSQL, reads and
 * exports rows for auditors, checks the chain, and archives old rows (retention) only through the
 * database's archiving function. It never changes a row. The cryptography lives in {@code audit.chain}.
 * {@link ge.wardops.audit.AuditedChanges} is the one way another capability's editable record changes:
 * load, version check, apply, audit before/after, change event.
 */
package ge.wardops.audit;
