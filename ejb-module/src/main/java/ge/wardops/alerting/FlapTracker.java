package ge.wardops.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts each device's status changes over a sliding window: more than {@code maxChanges} in
 * {@code window} and the device is flapping; it stays flapping until it has gone a whole window
 * without a change (stable). Not thread-safe: the engine calls it from its round only.
 */
public final class FlapTracker {

    private final int maxChanges;
    private final Duration window;
    private final Map<Long, ArrayDeque<Instant>> changes = new HashMap<>();
    private final Set<Long> flapping = new HashSet<>();

    public FlapTracker(int maxChanges, Duration window) {
        this.maxChanges = maxChanges;
        this.window = window;
    }

    public void changed(long deviceId, Instant at) {
        changes.computeIfAbsent(deviceId, id -> new ArrayDeque<>()).addLast(at);
    }

    /**
     * Brings every device up to {@code now}: forgets changes older than the window, starts and
     * ends flapping. Answers the devices that started flapping now.
     */
    public Set<Long> advance(Instant now) {
        Instant cutoff = now.minus(window);
        Set<Long> started = new HashSet<>();
        var it = changes.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            ArrayDeque<Instant> q = e.getValue();
            while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
                q.pollFirst();
            }
            if (q.size() > maxChanges && flapping.add(e.getKey())) {
                started.add(e.getKey());
            }
            if (q.isEmpty()) {
                flapping.remove(e.getKey());
                it.remove();
            }
        }
        return started;
    }

    public boolean flapping(long deviceId) {
        return flapping.contains(deviceId);
    }

    public Set<Long> flappingDevices() {
        return Set.copyOf(flapping);
    }
}
