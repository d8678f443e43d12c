package ge.wardops.devicestate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded state changes of a past period for reports (device_state_changes): every device's
 * status when it began and the changes in it. The whole fleet in two queries; the caller cuts
 * them to its scope.
 */
@ApplicationScoped
public class StateChangeHistory {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public StateChangeHistory() {
    }

    /** Outside the container (tests): on the given persistence context. */
    public StateChangeHistory(EntityManager em) {
        this.em = em;
    }

    /** Each device's status from its last recorded change before {@code at}; a device without one is absent. */
    public Map<Long, DeviceStatus> statusAt(Instant at) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            Map<Long, DeviceStatus> out = new HashMap<>();
            // Served by idx_state_changes_device_time (device_id, changed_at DESC).
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT ON (device_id) device_id, to_state FROM device_state_changes "
                    + "WHERE changed_at < ? ORDER BY device_id, changed_at DESC, id DESC")) {
                s.setTimestamp(1, Timestamp.from(at));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), DeviceStatus.valueOf(rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Every change in [from, to), oldest first (idx_state_changes_time). */
    public List<DeviceStateChanged> between(Instant from, Instant to) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<DeviceStateChanged> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT device_id, from_state, to_state, changed_at, rtt_ms, loss_pct "
                    + "FROM device_state_changes WHERE changed_at >= ? AND changed_at < ? ORDER BY changed_at, id")) {
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        double rtt = rs.getDouble(5);
                        Double rttMs = rs.wasNull() ? null : rtt;
                        out.add(new DeviceStateChanged(rs.getLong(1), DeviceStatus.valueOf(rs.getString(2)), DeviceStatus.valueOf(rs.getString(3)),
                                rs.getTimestamp(4).toInstant(), rttMs, rs.getDouble(6)));
                    }
                }
            }
            return out;
        });
    }
}
