package ge.wardops.probe.snmp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one device's poll gave: its readings and, when the device did not fully answer, why. A
 * poll that failed half-way keeps the readings it got before the failure. Exactly one result per
 * target of a batch, whatever happened to it.
 *
 * @param polledAt      when the agent's answer arrived (or the poll gave up); rates divide by the
 *                      difference between two of these
 * @param sysUpTime     the agent's sysUpTime.0 in hundredths of a second, asked with every poll
 *                      because rates need it to tell a counter reset from a wrap
 */
public record SnmpPollResult(long deviceId, Instant polledAt, OptionalLong sysUpTime, List<SnmpReading> readings,
                             Failure failure, String detail) {

    /** Why a device did not answer (fully). */
    public enum Failure {
        /** No answer within timeout × (retries + 1): unreachable, agent down, or a wrong v2c community (agents stay silent). */
        TIMEOUT,
        /** The agent answered with a v3 report: unknown user, wrong auth or priv passphrase, unsupported level. */
        AUTHENTICATION,
        /** The agent answered with an error status (noAccess, genErr, tooBig, ...). */
        AGENT_ERROR,
        /** The request could not be sent at all (no route, socket error). */
        SEND_FAILED,
        /** The poller was closed while the poll was in flight. */
        CLOSED
    }

    public SnmpPollResult {
        Objects.requireNonNull(polledAt, "polledAt");
        Objects.requireNonNull(sysUpTime, "sysUpTime");
        readings = List.copyOf(readings);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** The reading of {@code item} at {@code index} ("" for a scalar), if the agent gave one. */
    public Optional<SnmpReading> reading(String item, String index) {
        return readings.stream().filter(r -> r.item().equals(item) && r.index().equals(index)).findFirst();
    }

    /** Every row's reading of {@code item}, in the agent's order. */
    public List<SnmpReading> readings(String item) {
        return readings.stream().filter(r -> r.item().equals(item)).toList();
    }

    @Override
    public String toString() {
        return "SnmpPollResult[device " + deviceId + ", " + (failure == null ? "ok" : failure + ": " + detail)
                + ", " + readings.size() + " readings]";
    }
}
