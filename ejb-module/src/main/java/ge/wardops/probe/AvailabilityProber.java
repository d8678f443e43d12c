package ge.wardops.probe;

import java.util.List;

/**
 * Probes a whole batch at once, the shape every prober shares (as in blackbox_exporter): targets in,
 * one result per target out, in the order given. Implementations never probe one device at a time.
 */
public interface AvailabilityProber {

    /**
     * @return exactly one result per target, same order, same device ids; a target the probe could
     *         not reach counts as all packets lost
     * @throws ProbeFailedException when the probe itself could not run (no binary, hung process),
     *         so callers never mistake a broken prober for a fleet that is down
     */
    List<PingResult> probe(List<ProbeTarget> batch);
}
