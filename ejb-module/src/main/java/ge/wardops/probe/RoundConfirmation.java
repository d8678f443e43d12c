package ge.wardops.probe;

import ge.wardops.devicestate.Debounce;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStatus;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides at once what a round left undecided: the devices whose debounce has started to move (they
 * failed the round while UP, or answered while DOWN) are probed again right away, only they, up to
 * {@link IcmpSettings.Confirmation#probes()} times, starting a gap apart, each probe counting for debounce like
 * a round. So an outage is DOWN a few seconds after the round that first saw it, not two rounds
 * later, and the same number of silent observations still stands between a lost packet and DOWN.
 * <p>
 * A failing device's topology parent joins the confirmation (and the parent's parent, should it fail
 * too), so the parent's verdict is known for the same moment as its children's: a branch outage
 * decides the router and the devices behind it together, and the alert engine can put the children's
 * alerts under the router's. A parent answered the round, so it may need a full down-after-rounds
 * of confirmations to be decided; it gets them.
 * <p>
 * Not thread-safe; one round at a time (AvailabilityRounds never overlaps rounds).
 */
final class RoundConfirmation {

    private static final Logger LOG = Logger.getLogger(RoundConfirmation.class.getName());

    private final AvailabilityProber prober;
    private final Debounce debounce;
    private final int probes;
    private final Duration gap;

    /** What the confirmation did: probes run, devices probed (each counted once), and how long it took. */
    record Outcome(int probes, int devices, long millis) {

        static final Outcome NONE = new Outcome(0, 0, 0);
    }

    RoundConfirmation(AvailabilityProber prober, Debounce debounce, int probes, Duration gap) {
        this.prober = prober;
        this.debounce = debounce;
        this.probes = probes;
        this.gap = gap;
    }

    /**
     * Confirms the undecided devices of {@code states} (the states after the round), replacing their
     * entries with the states after the confirmations. Devices not in {@code states} (not probed this
     * round, e.g. disabled) never join. A confirmation probe that cannot run ends the confirmation
     * and leaves the states as far as they got: the next round goes on from there.
     *
     * @param addresses every probed device's address
     * @param parentOf  the topology parent of each device that has one
     */
    Outcome confirm(Map<Long, DeviceState> states, Map<Long, InetAddress> addresses, Map<Long, Long> parentOf) {
        if (probes == 0) {
            return Outcome.NONE;
        }
        long t0 = System.nanoTime();
        // Probes left for each device taking part, in the order they joined.
        Map<Long, Integer> left = new LinkedHashMap<>();
        for (DeviceState s : states.values()) {
            if (undecided(s)) {
                left.put(s.deviceId(), probes);
            }
        }
        if (left.isEmpty()) {
            return Outcome.NONE;
        }
        Set<Long> joined = new HashSet<>(left.keySet());
        joinParents(left, joined, states, parentOf);
        Set<Long> seen = new HashSet<>();
        int run = 0;
        // Each device joins once with a bounded number of probes, so this ends; the cap is a second guard.
        int most = probes + debounce.downAfter() + debounce.upAfter();
        long lastStart = 0;
        while (!left.isEmpty() && run < most) {
            if (run > 0 && !pauseUntil(lastStart + gap.toNanos())) {
                break;
            }
            lastStart = System.nanoTime();
            List<ProbeTarget> batch = new ArrayList<>(left.size());
            left.keySet().forEach(id -> batch.add(new ProbeTarget(id, addresses.get(id))));
            List<PingResult> results;
            try {
                results = prober.probe(batch);
            } catch (ProbeFailedException e) {
                LOG.log(Level.WARNING, "A confirmation probe of " + batch.size() + " devices failed; the next round decides them", e);
                break;
            }
            run++;
            for (PingResult r : results) {
                seen.add(r.deviceId());
                DeviceState next = debounce.next(states.get(r.deviceId()), r.reachable(), r.rttAvgMs(), r.lossPercent(), r.at());
                states.put(r.deviceId(), next);
                int remaining = left.get(r.deviceId()) - 1;
                if (remaining == 0 || !undecided(next)) {
                    left.remove(r.deviceId());
                } else {
                    left.put(r.deviceId(), remaining);
                }
            }
            joinParents(left, joined, states, parentOf);
        }
        return new Outcome(run, seen.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Debounce has started to move and not yet arrived: failed while not DOWN, or answered while DOWN. */
    static boolean undecided(DeviceState s) {
        return s.status() == DeviceStatus.DOWN ? s.goodRounds() > 0 : s.failedRounds() > 0;
    }

    /**
     * Every failing device's parent joins (once: a parent that answered has its verdict), with enough
     * probes to go all the way to DOWN from its state.
     */
    private void joinParents(Map<Long, Integer> left, Set<Long> joined, Map<Long, DeviceState> states, Map<Long, Long> parentOf) {
        List<Long> failing = new ArrayList<>();
        for (Long id : left.keySet()) {
            DeviceState s = states.get(id);
            if (s.status() != DeviceStatus.DOWN && s.failedRounds() > 0) {
                failing.add(id);
            }
        }
        for (Long id : failing) {
            Long parent = parentOf.get(id);
            if (parent == null || joined.contains(parent)) {
                continue;
            }
            DeviceState p = states.get(parent);
            if (p != null && p.status() != DeviceStatus.DOWN) {
                joined.add(parent);
                left.put(parent, Math.max(probes, debounce.downAfter() - p.failedRounds()));
            }
        }
    }

    /**
     * Waits until {@code due} (a {@link System#nanoTime()} value): confirmations start a gap apart,
     * counted from one probe's start to the next one's, so the probe's own time (its packets and the
     * wait for the last one's answer) is part of the gap, not added to it.
     */
    private static boolean pauseUntil(long due) {
        long wait = due - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
