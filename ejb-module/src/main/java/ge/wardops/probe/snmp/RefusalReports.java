package ge.wardops.probe.snmp;

import org.snmp4j.CommandResponderEvent;
import org.snmp4j.Snmp;
import org.snmp4j.mp.PduHandle;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.OID;

import java.util.Set;

/**
 * Lets a v3 agent's "your keys are wrong" report reach the request that caused it, so a wrong
 * passphrase is an authentication failure at once instead of a timeout seconds later.
 *
 * <p>An agent that could not authenticate or decrypt a request can only answer without
 * authentication (RFC 3414 3.2), and snmp4j's standard strategy drops such reports (RFC 3412
 * 7.2.11b) except unknown-user and unknown-engine. snmp4j can accept them process-wide
 * (SNMP4JSettings.noAuthNoPrivIfNeeded); this wrapper does the same for this session only and only
 * for the refusal counters. The worst a forged report can do is what a dropped packet does:
 * fail that one poll.
 */
final class RefusalReports implements Snmp.ReportHandler {

    private static final Set<OID> REFUSALS = Set.of(
            SnmpConstants.usmStatsWrongDigests,
            SnmpConstants.usmStatsDecryptionErrors,
            SnmpConstants.usmStatsUnsupportedSecLevels);

    private final Snmp.ReportHandler standard;

    RefusalReports(Snmp.ReportHandler standard) {
        this.standard = standard;
    }

    @Override
    public <A extends Address> void processReport(PduHandle handle, CommandResponderEvent<A> event) {
        if (event.getSecurityLevel() == SecurityLevel.NOAUTH_NOPRIV && event.getPDU() != null
                && event.getPDU().size() > 0 && REFUSALS.contains(event.getPDU().get(0).getOid())) {
            // Read as sent at the request's level, so the standard processing answers the request with it.
            event.setSecurityLevel(SecurityLevel.AUTH_NOPRIV);
        }
        standard.processReport(handle, event);
    }
}
