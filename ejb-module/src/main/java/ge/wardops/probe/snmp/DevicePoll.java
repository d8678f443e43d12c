package ge.wardops.probe.snmp;

import ge.wardops.inventory.credentials.SnmpCredentials;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.util.DefaultPDUFactory;
import org.snmp4j.util.RetrievalEvent;
import org.snmp4j.util.TableEvent;
import org.snmp4j.util.TableListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One device's poll: find its v3 engine if needed, GET the scalars, walk the columns, one request
 * at a time, and end with exactly one {@link SnmpPollResult} whatever happens: the first failure,
 * the poller closing, or {@link SnmpPollerSettings#maxPollTime()} running out.
 */
final class DevicePoll {

    static final String SYS_UP_TIME = "1.3.6.1.2.1.1.3.0";

    /** The items split once per batch: scalars in GET-sized chunks (sysUpTime always first), columns for one walk. */
    record Plan(List<List<SnmpItem>> gets, List<SnmpItem> columns) {
        static Plan of(List<SnmpItem> items, int perGet) {
            List<SnmpItem> scalars = new ArrayList<>(items.stream().filter(i -> !i.isColumn()).toList());
            if (scalars.stream().noneMatch(i -> i.oid().equals(SYS_UP_TIME))) {
                scalars.add(0, new SnmpItem("sysUpTime", SYS_UP_TIME, SnmpItem.Kind.GAUGE));
            }
            List<List<SnmpItem>> gets = new ArrayList<>();
            for (int from = 0; from < scalars.size(); from += perGet) {
                gets.add(List.copyOf(scalars.subList(from, Math.min(scalars.size(), from + perGet))));
            }
            return new Plan(List.copyOf(gets), items.stream().filter(SnmpItem::isColumn).toList());
        }
    }

    private static final Map<OID, String> REPORTS = Map.of(
            SnmpConstants.usmStatsUnknownUserNames, "unknown user name (usmStatsUnknownUserNames)",
            SnmpConstants.usmStatsWrongDigests, "wrong authentication passphrase or protocol (usmStatsWrongDigests)",
            SnmpConstants.usmStatsDecryptionErrors, "wrong privacy passphrase or protocol (usmStatsDecryptionErrors)",
            SnmpConstants.usmStatsUnsupportedSecLevels, "security level not allowed for this user (usmStatsUnsupportedSecLevels)",
            SnmpConstants.usmStatsNotInTimeWindows, "clock out of the agent's time window (usmStatsNotInTimeWindows)",
            SnmpConstants.usmStatsUnknownEngineIDs, "unknown engine ID (usmStatsUnknownEngineIDs)");

    private final SnmpPoller poller;
    private final SnmpTarget target;
    private final Plan plan;
    private final UdpAddress address;
    private final List<SnmpReading> readings = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<SnmpPollResult> result = new CompletableFuture<>();
    private volatile long sysUpTime = -1;
    private OctetString engineId;
    private UsmUsers.Lease lease;
    private boolean ended;
    private SnmpPollResult outcome;

    DevicePoll(SnmpPoller poller, SnmpTarget target, Plan plan) {
        this.poller = poller;
        this.target = target;
        this.plan = plan;
        this.address = new UdpAddress(target.address(), target.port());
    }

    CompletableFuture<SnmpPollResult> start() {
        if (poller.isClosed()) {
            end(new PollFailure(SnmpPollResult.Failure.CLOSED, "the SNMP poller was closed"));
            return result;
        }
        CompletableFuture<Void> work;
        try {
            work = snmpTarget().thenCompose(this::getScalars).thenCompose(this::walkColumns);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((done, error) -> end(error));
        return result.orTimeout(poller.settings.maxPollTime().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(error -> end(new PollFailure(SnmpPollResult.Failure.TIMEOUT,
                        "no complete answer within maxPollTime " + poller.settings.maxPollTime().toSeconds() + " s")));
    }

    /** Ends the poll once; later calls (a late answer, the deadline, close) return the same result. */
    SnmpPollResult end(Throwable error) {
        UsmUsers.Lease held;
        SnmpPollResult built;
        synchronized (this) {
            if (ended) {
                return outcome;
            }
            ended = true;
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            SnmpPollResult.Failure failure = null;
            String detail = null;
            if (cause instanceof PollFailure f) {
                failure = f.failure();
                detail = f.getMessage();
            } else if (cause instanceof TimeoutException) {
                failure = SnmpPollResult.Failure.TIMEOUT;
                detail = "no complete answer within maxPollTime";
            } else if (cause != null) {
                failure = SnmpPollResult.Failure.SEND_FAILED;
                detail = cause.toString();
            }
            if (failure == SnmpPollResult.Failure.AUTHENTICATION && engineId != null) {
                // The agent may have a new engine ID (replaced box); find it again next time.
                poller.mpv3.removeEngineID(address);
            }
            List<SnmpReading> got;
            synchronized (readings) {
                got = List.copyOf(readings);
            }
            built = new SnmpPollResult(target.deviceId(), Instant.now(),
                    sysUpTime < 0 ? OptionalLong.empty() : OptionalLong.of(sysUpTime), got, failure, detail);
            outcome = built;
            held = lease;
            lease = null;
        }
        // Outside the lock: both run other polls' continuations on this thread.
        if (held != null) {
            held.release();
        }
        result.complete(built);
        return built;
    }

    // --- the snmp4j target: community, or v3 user on the agent's engine ---

    private CompletableFuture<Target<UdpAddress>> snmpTarget() {
        if (target.credentials() instanceof SnmpCredentials.Community community) {
            CommunityTarget<UdpAddress> t = new CommunityTarget<>(address, octets(community.community()));
            t.setVersion(SnmpConstants.version2c);
            return CompletableFuture.completedFuture(timed(t));
        }
        SnmpCredentials.Usm user = (SnmpCredentials.Usm) target.credentials();
        return engineId().thenCompose(id -> poller.users.lease(id, user).thenApply(granted -> {
            synchronized (this) {
                if (ended) {
                    granted.release();
                    throw new PollFailure(SnmpPollResult.Failure.CLOSED, "ended while waiting for the USM user");
                }
                lease = granted;
                engineId = id;
            }
            UserTarget<UdpAddress> t = new UserTarget<>(address, new OctetString(user.userName()), id.getValue(),
                    UsmUsers.securityLevel(user.level()));
            t.setVersion(SnmpConstants.version3);
            return timed(t);
        }));
    }

    /** The agent's engine ID: remembered per address by snmp4j, else discovered with an empty noAuth request (RFC 3414 4). */
    private CompletableFuture<OctetString> engineId() {
        OctetString known = poller.mpv3.getEngineID(address);
        if (known != null && known.length() > 0) {
            return CompletableFuture.completedFuture(known);
        }
        PDU discovery = DefaultPDUFactory.createPDU(SnmpConstants.version3);
        discovery.setType(PDU.GET);
        UserTarget<UdpAddress> anonymous = new UserTarget<>(address, new OctetString(), new byte[0], SecurityLevel.NOAUTH_NOPRIV);
        anonymous.setVersion(SnmpConstants.version3);
        return send(discovery, timed(anonymous)).thenApply(answer -> {
            OctetString found = poller.mpv3.getEngineID(address);
            if (found == null || found.length() == 0) {
                throw new PollFailure(SnmpPollResult.Failure.AGENT_ERROR, "the agent answered without an engine ID");
            }
            return found;
        });
    }

    private <T extends Target<UdpAddress>> T timed(T t) {
        t.setTimeout(poller.settings.timeout().toMillis());
        t.setRetries(poller.settings.retries());
        return t;
    }

    // --- scalars ---

    private CompletableFuture<Target<UdpAddress>> getScalars(Target<UdpAddress> t) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (List<SnmpItem> chunk : plan.gets()) {
            chain = chain.thenCompose(done -> get(t, chunk));
        }
        return chain.thenApply(done -> t);
    }

    private CompletableFuture<Void> get(Target<UdpAddress> t, List<SnmpItem> chunk) {
        PDU pdu = DefaultPDUFactory.createPDU(t, PDU.GET);
        chunk.forEach(item -> pdu.add(new VariableBinding(new OID(item.oid()))));
        return send(pdu, t).thenAccept(answer -> {
            checked(answer);
            List<? extends VariableBinding> values = answer.getVariableBindings();
            for (int i = 0; i < chunk.size() && i < values.size(); i++) {
                SnmpReading reading = read(chunk.get(i), "", values.get(i).getVariable());
                if (chunk.get(i).oid().equals(SYS_UP_TIME) && reading.ok()) {
                    sysUpTime = reading.value();
                }
                readings.add(reading);
            }
        });
    }

    // --- columns ---

    private CompletableFuture<Void> walkColumns(Target<UdpAddress> t) {
        List<SnmpItem> columns = plan.columns();
        if (columns.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        OID[] oids = columns.stream().map(c -> new OID(c.oid())).toArray(OID[]::new);
        CompletableFuture<Void> walked = new CompletableFuture<>();
        poller.tables.getTable(t, oids, new TableListener() {
            private volatile boolean finished;

            @Override
            public boolean next(TableEvent event) {
                VariableBinding[] row = event.getColumns();
                String index = event.getIndex().toDottedString();
                for (int i = 0; row != null && i < row.length; i++) {
                    if (row[i] != null) {
                        readings.add(read(columns.get(i), index, row[i].getVariable()));
                    }
                }
                return !isEnded();
            }

            @Override
            public void finished(TableEvent event) {
                finished = true;
                PollFailure failure = walkFailure(event);
                if (failure == null) {
                    walked.complete(null);
                } else {
                    walked.completeExceptionally(failure);
                }
            }

            @Override
            public boolean isFinished() {
                return finished || isEnded();
            }
        }, null, null, null);
        return walked;
    }

    private PollFailure walkFailure(TableEvent event) {
        return switch (event.getStatus()) {
            case RetrievalEvent.STATUS_OK -> null;
            case RetrievalEvent.STATUS_TIMEOUT -> timeout();
            case RetrievalEvent.STATUS_REPORT -> new PollFailure(SnmpPollResult.Failure.AUTHENTICATION, reportText(event.getReportPDU()));
            case RetrievalEvent.STATUS_ROW_LIMIT_REACHED -> new PollFailure(SnmpPollResult.Failure.AGENT_ERROR,
                    "a table has more than maxRowsPerTable " + poller.settings.maxRowsPerTable() + " rows");
            case RetrievalEvent.STATUS_EXCEPTION -> new PollFailure(SnmpPollResult.Failure.SEND_FAILED, String.valueOf(event.getException()));
            default -> new PollFailure(SnmpPollResult.Failure.AGENT_ERROR, event.getErrorMessage());
        };
    }

    private synchronized boolean isEnded() {
        return ended;
    }

    // --- one request ---

    /** Sends asynchronously; the future fails with a {@link PollFailure} on timeout or send error, never blocks. */
    private CompletableFuture<PDU> send(PDU pdu, Target<UdpAddress> t) {
        CompletableFuture<PDU> answered = new CompletableFuture<>();
        ResponseListener listener = new ResponseListener() {
            @Override
            public <A extends Address> void onResponse(ResponseEvent<A> event) {
                // snmp4j keeps retrying an async request until it is cancelled, even after the answer.
                poller.snmp.cancel(event.getRequest(), this);
                if (event.getError() != null) {
                    answered.completeExceptionally(new PollFailure(SnmpPollResult.Failure.SEND_FAILED, event.getError().toString()));
                } else if (event.getResponse() == null) {
                    answered.completeExceptionally(timeout());
                } else {
                    answered.complete(event.getResponse());
                }
            }
        };
        try {
            poller.snmp.send(pdu, t, null, listener);
        } catch (IOException | RuntimeException e) {
            answered.completeExceptionally(new PollFailure(SnmpPollResult.Failure.SEND_FAILED, e.toString()));
        }
        return answered;
    }

    private PollFailure timeout() {
        return new PollFailure(SnmpPollResult.Failure.TIMEOUT, "no answer within " + poller.settings.timeout().toMillis()
                + " ms × " + (poller.settings.retries() + 1) + " tries");
    }

    private static void checked(PDU answer) {
        if (answer.getType() == PDU.REPORT) {
            throw new PollFailure(SnmpPollResult.Failure.AUTHENTICATION, reportText(answer));
        }
        if (answer.getErrorStatus() != PDU.noError) {
            throw new PollFailure(SnmpPollResult.Failure.AGENT_ERROR,
                    answer.getErrorStatusText() + " (error index " + answer.getErrorIndex() + ")");
        }
    }

    private static String reportText(PDU report) {
        if (report == null || report.size() == 0) {
            return "the agent refused the request with a report";
        }
        OID oid = report.get(0).getOid();
        OID instance = new OID(oid).append(0);
        return REPORTS.getOrDefault(oid, REPORTS.getOrDefault(instance, "report " + oid));
    }

    // --- values ---

    private static SnmpReading read(SnmpItem item, String index, Variable value) {
        if (value == null || value.isException()) {
            return SnmpReading.failed(item, index, value == null ? "no value" : rfcName(value.getSyntaxString()));
        }
        if (item.kind() == SnmpItem.Kind.TEXT) {
            return SnmpReading.text(item, index, value instanceof OctetString s ? printable(s) : value.toString());
        }
        if (value instanceof Counter64 c) {
            return SnmpReading.number(item, index, c.getValue());
        }
        try {
            return SnmpReading.number(item, index, value.toLong());
        } catch (UnsupportedOperationException e) {
            return SnmpReading.failed(item, index, "expected a number, got " + value.getSyntaxString());
        }
    }

    /** snmp4j says "NoSuchObject"; RFC 3416 and net-snmp say "noSuchObject", which is what operators search for. */
    private static String rfcName(String syntax) {
        return syntax.isEmpty() ? syntax : Character.toLowerCase(syntax.charAt(0)) + syntax.substring(1);
    }

    /** Display strings as text; binary octets (MAC addresses and the like) as hex, as net-snmp prints them. */
    private static String printable(OctetString s) {
        return s.isPrintable() ? new String(s.getValue(), StandardCharsets.UTF_8) : s.toHexString();
    }

    private static OctetString octets(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        OctetString octets = new OctetString(bytes);
        Arrays.fill(bytes, (byte) 0);
        return octets;
    }
}
