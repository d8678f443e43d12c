package ge.wardops.devicestate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last state changes of the whole fleet, newest first, kept in memory for the dashboard and
 * the API: fed by the {@link StateChanges} event of each round, so reading it costs no query.
 * The database keeps the full history (device_state_changes).
 */
@ApplicationScoped
public class RecentStateChanges {

    static final int KEPT = 1000;

    private final Deque<DeviceStateChanged> recent = new ArrayDeque<>(KEPT);

    void onRound(@Observes StateChanges round) {
        synchronized (recent) {
            for (DeviceStateChanged change : round.changes()) {
                recent.addFirst(change);
                if (recent.size() > KEPT) {
                    recent.removeLast();
                }
            }
        }
    }

    /** Up to {@code limit} changes, newest first. */
    public List<DeviceStateChanged> newest(int limit) {
        synchronized (recent) {
            List<DeviceStateChanged> out = new ArrayList<>(Math.min(limit, recent.size()));
            for (DeviceStateChanged c : recent) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(c);
            }
            return out;
        }
    }
}
