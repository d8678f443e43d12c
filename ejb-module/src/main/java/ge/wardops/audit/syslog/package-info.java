/**
 * Optional forwarding of every committed audit row to a syslog server (RFC 5424 over UDP, or TCP
 * with octet-counting framing, RFC 6587), asynchronously through a bounded queue. It only reads
 * rows the audit log has appended; it never blocks or fails the audited action.
 */
package ge.wardops.audit.syslog;
