package ge.wardops.probe.snmp;

import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.util.DefaultPDUFactory;
import org.snmp4j.util.TableUtils;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls batches of SNMP agents over one snmp4j session on one UDP socket. Every request is
 * asynchronous; up to {@link SnmpPollerSettings#maxInFlight()} devices are polled at once and the
 * rest queue without holding a thread. Each device is asked one request at a time (scalars by GET,
 * then table columns by GETBULK walks), which is what small branch routers cope with.
 *
 * <p>A device that times out, refuses the credentials or answers with an error gives a result
 * with that failure; it never fails or delays the batch beyond its own timeout. The futures
 * complete on snmp4j's threads: callers that do heavy work with a result should continue with an
 * {@code ...Async} stage on their own executor.
 *
 * <p>The session keeps its own USM and security protocols instead of snmp4j's process-wide
 * singletons, so two pollers (or another snmp4j user in the same server) never share user tables.
 */
public final class SnmpPoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnmpPoller.class.getName());

    final SnmpPollerSettings settings;
    final Snmp snmp;
    final MPv3 mpv3;
    final UsmUsers users;
    final TableUtils tables;
    private final InFlightLimit limit;
    private final Set<DevicePoll> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public SnmpPoller(SnmpPollerSettings settings) throws IOException {
        this.settings = settings;
        // maxCompatibility: MD5, SHA-1 and DES stay available for old gear next to SHA-2 and AES.
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.maxCompatibility);
        byte[] localEngineId = MPv3.createLocalEngineID();
        USM usm = new USM(protocols, new OctetString(localEngineId), 0);
        SecurityModels models = new SecurityModels();
        models.addSecurityModel(usm);
        this.mpv3 = new MPv3(localEngineId, new DefaultPDUFactory(), protocols, models, new CounterSupport());
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        dispatcher.addMessageProcessingModel(mpv3);
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(new UdpAddress(settings.localAddress(), 0));
        transport.setReceiveBufferSize(settings.receiveBufferBytes());
        this.snmp = new Snmp(dispatcher, transport);
        snmp.setReportHandler(new RefusalReports(snmp.getReportHandler()));
        this.users = new UsmUsers(usm, protocols);
        this.tables = new TableUtils(snmp, new DefaultPDUFactory(PDU.GETBULK));
        tables.setMaxNumRowsPerPDU(settings.maxRepetitions());
        tables.setRowLimit(settings.maxRowsPerTable());
        this.limit = new InFlightLimit(settings.maxInFlight());
        snmp.listen();
    }

    /**
     * Polls every target of the batch for the same items. The list has one result per target, in
     * the batch's order, and completes when the slowest device has answered or given up.
     */
    public CompletableFuture<List<SnmpPollResult>> poll(List<SnmpTarget> batch, List<SnmpItem> items) {
        DevicePoll.Plan plan = DevicePoll.Plan.of(items, settings.maxVarbindsPerGet());
        List<CompletableFuture<SnmpPollResult>> each = batch.stream().map(target -> poll(target, plan)).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    /** Polls one target; same rules as a batch of one. */
    public CompletableFuture<SnmpPollResult> poll(SnmpTarget target, List<SnmpItem> items) {
        return poll(target, DevicePoll.Plan.of(items, settings.maxVarbindsPerGet()));
    }

    private CompletableFuture<SnmpPollResult> poll(SnmpTarget target, DevicePoll.Plan plan) {
        if (closed) {
            throw new IllegalStateException("the SNMP poller is closed");
        }
        return limit.submit(() -> {
            DevicePoll poll = new DevicePoll(this, target, plan);
            active.add(poll);
            return poll.start().whenComplete((result, error) -> active.remove(poll));
        });
    }

    /** The local UDP port of the session (tests, and firewall rules for the answers). */
    public int localPort() {
        return ((DefaultUdpTransportMapping) snmp.getMessageDispatcher().getTransportMappings().iterator().next())
                .getListenAddress().getPort();
    }

    /** Devices being polled right now (queued ones not counted). */
    public int inFlight() {
        return settings.maxInFlight() - limit.available();
    }

    /** Closes the socket; polls still in flight end with {@link SnmpPollResult.Failure#CLOSED}. */
    @Override
    public void close() {
        closed = true;
        try {
            snmp.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the SNMP session failed", e);
        }
        for (DevicePoll poll : active) {
            poll.end(new PollFailure(SnmpPollResult.Failure.CLOSED, "the SNMP poller was closed"));
        }
    }

    boolean isClosed() {
        return closed;
    }
}
