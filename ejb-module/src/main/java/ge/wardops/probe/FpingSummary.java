package ge.wardops.probe;

import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.IpAddresses;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads fping's -C summary: one line per target, {@code 127.0.0.1  : 0.03 0.04 -}, a time in ms per
 * packet or "-" for a lost one. Anything else fping prints (send errors, warnings) is not a
 * summary line and is left to the caller to log.
 */
final class FpingSummary {

    /** Address, padding, " : ", then at least one time or dash. IPv6 addresses contain ':' too, hence the space. */
    private static final Pattern LINE = Pattern.compile("(\\S+)\\s+:((?:\\s+(?:-|\\d+(?:\\.\\d+)?))+)\\s*");

    private final Map<InetAddress, PacketTimes> byAddress = new HashMap<>();
    private final List<String> otherLines = new ArrayList<>();

    /** Every packet fping sent one target: the reply time in ms, or null where the packet was lost. */
    record PacketTimes(List<Double> times) {

        PingResult toResult(long deviceId, int sent, Instant at) {
            int received = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Double t : times) {
                if (t != null) {
                    received++;
                    sum += t;
                    min = Math.min(min, t);
                    max = Math.max(max, t);
                }
            }
            // fping reports exactly -C times per target; trust the settings if a line came out short.
            int reallySent = Math.max(sent, times.size());
            if (received == 0) {
                return PingResult.allLost(deviceId, reallySent, at);
            }
            // Summing doubles can put the mean a rounding error outside [min, max] (0.006 × 3 / 3 =
            // 0.006000000000000001); the mean of the times is never outside them.
            double avg = Math.min(max, Math.max(min, sum / received));
            return new PingResult(deviceId, reallySent, received, avg, min, max, at);
        }
    }

    void accept(String line) {
        var m = LINE.matcher(line);
        InetAddress address = m.matches() ? literal(m.group(1)) : null;
        if (address == null) {
            otherLines.add(line);
            return;
        }
        List<Double> times = new ArrayList<>();
        for (String token : m.group(2).trim().split("\\s+")) {
            times.add(token.equals("-") ? null : Double.valueOf(token));
        }
        // A target listed twice gets two lines; both rounds went to the same address, so keep the first.
        byAddress.putIfAbsent(address, new PacketTimes(times));
    }

    PacketTimes timesOf(InetAddress address) {
        return byAddress.get(address);
    }

    int targetsReported() {
        return byAddress.size();
    }

    List<String> otherLines() {
        return otherLines;
    }

    private static InetAddress literal(String text) {
        try {
            // Strict literals only: a name here must never send the prober to DNS.
            return IpAddresses.parse("fping output", text);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
