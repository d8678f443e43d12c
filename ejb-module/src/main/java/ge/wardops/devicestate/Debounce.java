package ge.wardops.devicestate;

import java.time.Instant;

/**
 * Turns one round's result into the next state without flapping on one lost packet: a device
 * goes DOWN only after {@code downAfter} consecutive rounds without an answer and comes back UP
 * after {@code upAfter} consecutive good ones. A device of unknown status is UP at its first good
 * round (nothing to debounce against) and DOWN after {@code downAfter} failed ones.
 */
public record Debounce(int downAfter, int upAfter) {

    public Debounce {
        if (downAfter < 1 || upAfter < 1) {
            throw new IllegalArgumentException("downAfter and upAfter must be at least 1");
        }
    }

    /** The state after a round in which the device answered ({@code reachable}) or not. */
    public DeviceState next(DeviceState previous, boolean reachable, Double rttMs, double lossPercent, Instant at) {
        int failed = reachable ? 0 : previous.failedRounds() + 1;
        int good = reachable ? previous.goodRounds() + 1 : 0;
        DeviceStatus status = previous.status();
        switch (previous.status()) {
            case UNKNOWN -> {
                if (reachable) {
                    status = DeviceStatus.UP;
                } else if (failed >= downAfter) {
                    status = DeviceStatus.DOWN;
                }
            }
            case UP -> {
                if (failed >= downAfter) {
                    status = DeviceStatus.DOWN;
                }
            }
            case DOWN -> {
                if (good >= upAfter) {
                    status = DeviceStatus.UP;
                }
            }
        }
        Instant since = status == previous.status() ? previous.since() : at;
        return new DeviceState(previous.deviceId(), status, since, rttMs, lossPercent, failed, good, at);
    }
}
