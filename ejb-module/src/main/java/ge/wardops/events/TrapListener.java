package ge.wardops.events;

import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.PDUv1;
import org.snmp4j.Snmp;
import org.snmp4j.event.CounterEvent;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv1;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.DefaultPDUFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SNMP trap and inform receiver (snmp4j): v1 and v2c traps with an accepted community, v3 traps
 * and informs of the configured USM users (a wrong passphrase or unknown user is refused by snmp4j's
 * USM and counted; a message below the user's own security level — noAuthNoPriv for any user,
 * authNoPriv for a user configured with privacy — is refused here and counted the same way), INFORMs
 * acknowledged once decoded. Each trap becomes one {@link ReceivedEvent}
 * offered to the {@link EventIntake}; the work on the socket's thread is decoding only, so a storm
 * or a slow database never holds the socket up. Undecodable packets are counted as malformed.
 */
public final class TrapListener implements CommandResponder, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TrapListener.class.getName());
    /** Longest raw form kept (the PDU as text); a trap with hundreds of varbinds is cut, not refused. */
    static final int MAX_RAW = 4096;
    private static final String[] GENERIC = {"coldStart", "warmStart", "linkDown", "linkUp", "authenticationFailure", "egpNeighborLoss"};
    /** Counters snmp4j raises for packets it could not decode. */
    private static final Set<OID> MALFORMED = Set.of(SnmpConstants.snmpInASNParseErrs, SnmpConstants.snmpInBadVersions,
            SnmpConstants.snmpInvalidMsgs, SnmpConstants.snmpUnknownSecurityModels);
    /** Counters it raises for well-formed v3 messages that fail authentication. */
    private static final Set<OID> REFUSED = Set.of(SnmpConstants.usmStatsUnknownUserNames, SnmpConstants.usmStatsWrongDigests,
            SnmpConstants.usmStatsDecryptionErrors, SnmpConstants.usmStatsUnsupportedSecLevels);

    private final EventIntake intake;
    private final Set<String> communities;
    /** Each configured v3 user's security level (SecurityLevel.AUTH_NOPRIV or AUTH_PRIV): nothing below it is accepted. */
    private final Map<String, Integer> v3Levels = new java.util.HashMap<>();
    private final Clock clock;
    /** The MIBs' names as loaded now (replaced when an administrator adds a MIB). */
    private final Supplier<MibNames> mibs;
    private final Snmp snmp;
    private final DefaultUdpTransportMapping transport;

    public TrapListener(EventSettings settings, EventIntake intake, Clock clock, Supplier<MibNames> mibs) throws IOException {
        this.intake = intake;
        this.mibs = mibs;
        this.communities = Set.copyOf(settings.trapCommunities());
        this.clock = clock;
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.maxCompatibility);
        byte[] localEngineId = MPv3.createLocalEngineID();
        CounterSupport counters = new CounterSupport();
        counters.addCounterListener(this::counted);
        USM usm = new USM(protocols, new OctetString(localEngineId), 0, counters);
        for (String user : settings.trapV3Users()) {
            UsmUser u = usmUser(user);
            usm.addUser(u);
            v3Levels.put(u.getSecurityName().toString(), u.getPrivacyProtocol() == null ? SecurityLevel.AUTH_NOPRIV : SecurityLevel.AUTH_PRIV);
        }
        SecurityModels models = new SecurityModels();
        models.addSecurityModel(usm);
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addCounterListener(this::counted);
        dispatcher.addMessageProcessingModel(new MPv1());
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(new MPv3(localEngineId, new DefaultPDUFactory(), protocols, models, counters));
        transport = new DefaultUdpTransportMapping(new UdpAddress(InetAddress.getByName(settings.trapAddress()), settings.trapPort()));
        // Kernel buffer for a burst while the socket's thread waits or decodes (capped by net.core.rmem_max).
        transport.setReceiveBufferSize(ReceiveBuffers.WANTED);
        ReceiveBuffers.warnIfCapped(LOG, "SNMP trap (UDP " + settings.trapPort() + ")");
        snmp = new Snmp(dispatcher, transport);
        snmp.addCommandResponder(this);
        snmp.listen();
    }

    /** The UDP port it listens on. */
    public int port() {
        return transport.getListenAddress().getPort();
    }

    private void counted(CounterEvent e) {
        if (MALFORMED.contains(e.getOid())) {
            intake.malformed(null, "undecodable SNMP packet (" + e.getOid() + ")");
        } else if (REFUSED.contains(e.getOid())) {
            intake.refused(null, "SNMPv3 authentication failed (" + e.getOid() + ")");
        }
    }

    @Override
    public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
        try {
            receive(event);
        } catch (RuntimeException e) {
            // Never let one odd PDU reach snmp4j's thread: it would stop listening.
            intake.malformed(source(event), "trap could not be decoded: " + e);
        }
    }

    private <A extends Address> void receive(CommandResponderEvent<A> event) {
        PDU pdu = event.getPDU();
        InetAddress source = source(event);
        if (pdu == null || source == null) {
            return;
        }
        int type = pdu.getType();
        if (type != PDU.TRAP && type != PDU.V1TRAP && type != PDU.NOTIFICATION && type != PDU.INFORM) {
            return; // a GET or SET sent to the trap port: not ours to answer
        }
        if (event.getMessageProcessingModel() != MPv3.ID) {
            String community = new String(event.getSecurityName(), StandardCharsets.UTF_8);
            if (!communities.contains(community)) {
                intake.refused(source, "community not accepted");
                event.setProcessed(true);
                return;
            }
        } else {
            // snmp4j's USM checks the digest (and decrypts) only when the message claims authentication (privacy):
            // a noAuthNoPriv message naming a configured user would pass it. The user's own level is the least accepted.
            String user = new String(event.getSecurityName(), StandardCharsets.UTF_8);
            Integer required = v3Levels.get(user);
            if (required == null || event.getSecurityLevel() < required) {
                intake.refused(source, "SNMPv3 security level below the user's (" + event.getSecurityLevel() + " < " + required + ")");
                event.setProcessed(true);
                return;
            }
        }
        ReceivedEvent decoded = decode(pdu, source, event.getMessageProcessingModel());
        event.setProcessed(true);
        if (type == PDU.INFORM) {
            acknowledge(event);
        }
        intake.offer(decoded);
    }

    private ReceivedEvent decode(PDU pdu, InetAddress source, int model) {
        MibNames names = mibs.get();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("version", model == MPv1.ID ? "v1" : model == MPv2c.ID ? "v2c" : "v3");
        if (pdu.getType() == PDU.INFORM) {
            fields.put("inform", "true");
        }
        String trapName = "unknown";
        OID trapOid = null;
        if (pdu instanceof PDUv1 v1) {
            int generic = v1.getGenericTrap();
            boolean specific = generic == PDUv1.ENTERPRISE_SPECIFIC || generic < 0 || generic >= GENERIC.length;
            // RFC 3584, 3.1: a generic trap n is snmpTraps.(n+1), an enterprise-specific one enterprise.0.specific.
            trapOid = specific ? new OID(v1.getEnterprise().toDottedString() + ".0." + v1.getSpecificTrap())
                    : new OID(TrapDictionary.SNMP_TRAPS.toDottedString() + "." + (generic + 1));
            trapName = specific ? trapOid.toDottedString() : GENERIC[generic];
            fields.put("enterprise", v1.getEnterprise().toDottedString());
            fields.put("agentAddress", String.valueOf(v1.getAgentAddress()));
            fields.put("sysUpTime", Long.toString(v1.getTimestamp()));
        }
        StringBuilder message = new StringBuilder();
        for (VariableBinding vb : pdu.getVariableBindings()) {
            if (vb.getOid().equals(TrapDictionary.SNMP_TRAP_OID) && vb.getVariable() instanceof OID trap) {
                trapOid = trap;
                trapName = trap.toDottedString();
                continue;
            }
            Map.Entry<String, String> named = names.varbind(vb.getOid(), vb.getVariable());
            fields.put(named.getKey(), named.getValue());
            if (!vb.getOid().equals(TrapDictionary.SYS_UPTIME)) {
                message.append(' ').append(named.getKey()).append('=').append(named.getValue());
            }
        }
        if (trapOid != null) {
            fields.put("trapOid", trapOid.toDottedString());
            MibNames.Named trap = names.trap(trapOid);
            if (trap != null) {
                trapName = trap.name();
                fields.put("trap", trap.qualified());
            }
        }
        return new ReceivedEvent(clock.instant(), source, EventKind.TRAP, TrapDictionary.severity(trapName), trapName,
                trapName + message, fields, ReceivedEvent.cut(pdu.toString(), MAX_RAW));
    }

    private <A extends Address> void acknowledge(CommandResponderEvent<A> event) {
        PDU response = (PDU) event.getPDU().clone();
        response.setType(PDU.RESPONSE);
        response.setErrorStatus(PDU.noError);
        response.setErrorIndex(0);
        try {
            event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(), event.getSecurityModel(),
                    event.getSecurityName(), event.getSecurityLevel(), response, event.getMaxSizeResponsePDU(),
                    event.getStateReference(), new StatusInformation());
        } catch (Exception e) {
            LOG.log(Level.FINE, "The INFORM could not be acknowledged; the sender will retry", e);
        }
    }

    private static InetAddress source(CommandResponderEvent<?> event) {
        Address peer = event.getPeerAddress();
        if (peer instanceof UdpAddress udp) {
            return udp.getInetAddress();
        }
        if (peer instanceof IpAddress ip) {
            return ip.getInetAddress();
        }
        return null;
    }

    /** {@code name:SHA|SHA256|MD5:authPassphrase[:AES128|AES|DES:privPassphrase]}. */
    static UsmUser usmUser(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length != 3 && p.length != 5) {
            throw new IllegalArgumentException("a v3 user is name:authProtocol:authPassphrase[:privProtocol:privPassphrase]");
        }
        OID auth = switch (p[1].toUpperCase()) {
            case "MD5" -> AuthMD5.ID;
            case "SHA", "SHA1" -> AuthSHA.ID;
            case "SHA256", "SHA-256" -> AuthHMAC192SHA256.ID;
            default -> throw new IllegalArgumentException("unknown auth protocol " + p[1] + " (MD5, SHA, SHA256)");
        };
        OID priv = p.length == 3 ? null : switch (p[3].toUpperCase()) {
            case "DES" -> PrivDES.ID;
            case "AES", "AES128" -> PrivAES128.ID;
            default -> throw new IllegalArgumentException("unknown privacy protocol " + p[3] + " (AES128, DES)");
        };
        if (p[2].length() < 8 || (priv != null && p[4].length() < 8)) {
            throw new IllegalArgumentException("SNMPv3 passphrases have at least 8 characters (RFC 3414)");
        }
        return new UsmUser(new OctetString(p[0]), auth, new OctetString(p[2]), priv, priv == null ? null : new OctetString(p[4]));
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
