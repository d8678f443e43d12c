/**
 * The auditors' review of the audit log: filtered pages, exports streamed in chain order, and the
 * chain check, each behind the audit.read permission and itself audited as an export. Sits on top
 * of both the log ({@code audit}) and {@code security}, so that the log itself depends on nothing of
 * security (which writes to it). Must not write rows other than the export's own audit record.
 */
package ge.wardops.audit.review;
