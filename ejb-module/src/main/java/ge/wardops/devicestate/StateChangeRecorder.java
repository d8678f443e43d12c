package ge.wardops.devicestate;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * Writes a round's status changes to PostgreSQL: one row per change in device_state_changes and
 * devices.down_since, as two JDBC batches in one transaction, whatever the number of changes.
 * A device's first status after a restart (UNKNOWN to UP) is not a change worth a row.
 */
@Stateless
public class StateChangeRecorder {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    /** The changes that get a row: everything but a device's first UP. */
    static boolean worthARow(DeviceStateChanged c) {
        return !(c.from() == DeviceStatus.UNKNOWN && c.to() == DeviceStatus.UP);
    }

    public void record(List<DeviceStateChanged> changes) {
        List<DeviceStateChanged> rows = changes.stream().filter(StateChangeRecorder::worthARow).toList();
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO device_state_changes (device_id, from_state, to_state, changed_at, rtt_ms, loss_pct) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement downSince = connection.prepareStatement("UPDATE devices SET down_since = ? WHERE id = ?")) {
                for (DeviceStateChanged c : rows) {
                    Timestamp at = Timestamp.from(c.at());
                    insert.setLong(1, c.deviceId());
                    insert.setString(2, c.from().name());
                    insert.setString(3, c.to().name());
                    insert.setTimestamp(4, at);
                    if (c.rttMs() == null) {
                        insert.setNull(5, Types.DOUBLE);
                    } else {
                        insert.setDouble(5, c.rttMs());
                    }
                    insert.setDouble(6, c.lossPercent());
                    insert.addBatch();
                    if (c.to() == DeviceStatus.DOWN) {
                        downSince.setTimestamp(1, at);
                    } else {
                        downSince.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
                    }
                    downSince.setLong(2, c.deviceId());
                    downSince.addBatch();
                }
                insert.executeBatch();
                downSince.executeBatch();
            }
        });
    }
}
