package ge.wardops.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one home of the audit log's settings ({@code wardops.audit.*}): the chain's keys and checks,
 * the anchors, refusals, retention and syslog forwarding. Each default's reason is in
 * docs/configuration.md.
 */
@ApplicationScoped
public class AuditSettings {

    /** How often the chain is checked against its keys and the signed anchors. */
    @Inject
    @ConfigProperty(name = "wardops.audit.verify-minutes", defaultValue = "60")
    long verifyMinutes;

    /** The chain's HMAC keys, {@code <id> <base64>} entries separated by {@code ,}, the last one keying new rows. */
    @Inject
    @ConfigProperty(name = "wardops.audit.chain.keys")
    Optional<String> chainKeys;

    /** The key file when no keys are configured; created on the first start. */
    @Inject
    @ConfigProperty(name = "wardops.audit.chain.key-file")
    Optional<String> chainKeyFile;

    /** The Ed25519 private key that signs anchors, created on the first start. */
    @Inject
    @ConfigProperty(name = "wardops.audit.anchor.key-file")
    Optional<String> anchorKeyFile;

    /** Where signed anchors are appended; point it at WORM or append-only storage. */
    @Inject
    @ConfigProperty(name = "wardops.audit.anchor.dir", defaultValue = "audit-anchors")
    String anchorDir;

    /** How often the chain head is signed and written outside PostgreSQL. */
    @Inject
    @ConfigProperty(name = "wardops.audit.anchor.minutes", defaultValue = "5")
    long anchorMinutes;

    /** How long identical refusals are only counted after the first is recorded. */
    @Inject
    @ConfigProperty(name = "wardops.audit.denials.window-seconds", defaultValue = "60")
    long denialsWindowSeconds;

    /** Unset: the log is kept forever; set: older rows are archived to files, then removed. */
    @Inject
    @ConfigProperty(name = "wardops.audit.retention-days")
    Optional<Integer> retentionDays;

    @Inject
    @ConfigProperty(name = "wardops.audit.archive-dir", defaultValue = "audit-archive")
    String archiveDir;

    /** Rows per archive file and per transaction. */
    @Inject
    @ConfigProperty(name = "wardops.audit.archive-batch", defaultValue = "100000")
    int archiveBatch;

    @Inject
    @ConfigProperty(name = "wardops.audit.retention-check-hours", defaultValue = "24")
    long retentionCheckHours;

    /** Unset: no forwarding. */
    @Inject
    @ConfigProperty(name = "wardops.audit.syslog.host")
    Optional<String> syslogHost;

    @Inject
    @ConfigProperty(name = "wardops.audit.syslog.port", defaultValue = "514")
    int syslogPort;

    /** udp (one datagram per row) or tcp (RFC 6587 octet counting). */
    @Inject
    @ConfigProperty(name = "wardops.audit.syslog.protocol", defaultValue = "udp")
    String syslogProtocol;

    @Inject
    @ConfigProperty(name = "wardops.audit.syslog.facility", defaultValue = "audit")
    String syslogFacility;

    /** Rows waiting for the sender; past it the copy (never the database) drops rows and counts them. */
    @Inject
    @ConfigProperty(name = "wardops.audit.syslog.queue-size", defaultValue = "10000")
    int syslogQueueSize;

    @Inject
    @ConfigProperty(name = "wardops.audit.syslog.timeout-ms", defaultValue = "3000")
    int syslogTimeoutMillis;

    public long verifyMinutes() {
        return verifyMinutes;
    }

    public Optional<String> chainKeys() {
        return chainKeys.filter(k -> !k.isBlank());
    }

    public Optional<Path> chainKeyFile() {
        return chainKeyFile.filter(f -> !f.isBlank()).map(Path::of);
    }

    public Optional<Path> anchorKeyFile() {
        return anchorKeyFile.filter(f -> !f.isBlank()).map(Path::of);
    }

    public Path anchorDir() {
        return Path.of(anchorDir);
    }

    public long anchorMinutes() {
        return anchorMinutes;
    }

    public long denialsWindowSeconds() {
        return denialsWindowSeconds;
    }

    public Optional<Integer> retentionDays() {
        return retentionDays;
    }

    public Path archiveDir() {
        return Path.of(archiveDir);
    }

    public int archiveBatch() {
        return archiveBatch;
    }

    public long retentionCheckHours() {
        return retentionCheckHours;
    }

    /** The syslog server, empty when forwarding is off. */
    public Optional<String> syslogHost() {
        return syslogHost.map(String::strip).filter(h -> !h.isEmpty());
    }

    public int syslogPort() {
        return syslogPort;
    }

    public String syslogProtocol() {
        return syslogProtocol;
    }

    public String syslogFacility() {
        return syslogFacility;
    }

    public int syslogQueueSize() {
        return syslogQueueSize;
    }

    public int syslogTimeoutMillis() {
        return syslogTimeoutMillis;
    }
}
