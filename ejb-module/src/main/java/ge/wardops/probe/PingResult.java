package ge.wardops.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * What one probe of one device saw. The round-trip times are null when no reply came back, so a
 * lost device can never be mistaken for one answering in 0 ms.
 */
public record PingResult(long deviceId, int sent, int received, Double rttAvgMs, Double rttMinMs, Double rttMaxMs,
                         Instant at) {

    public PingResult {
        Objects.requireNonNull(at, "at");
        if (sent < 0 || received < 0 || received > sent) {
            throw new IllegalArgumentException("received " + received + " of " + sent + " sent");
        }
        if ((received == 0) != (rttAvgMs == null)) {
            throw new IllegalArgumentException("round-trip times exist exactly when a reply came back");
        }
    }

    /** A device fping sent {@code sent} packets to and heard nothing back from (or said nothing about). */
    static PingResult allLost(long deviceId, int sent, Instant at) {
        return new PingResult(deviceId, sent, 0, null, null, null, at);
    }

    /** Share of packets without a reply, 0 to 100; 100 when nothing was sent, as nothing was confirmed. */
    public double lossPercent() {
        return sent == 0 ? 100.0 : 100.0 * (sent - received) / sent;
    }

    /** At least one reply: a device that answers at all is up; partial loss is a quality, not an outage. */
    public boolean reachable() {
        return received > 0;
    }
}
