package ge.wardops.alerting;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC on the persistence context's connection (and so its transaction), for the batched statements. */
final class Jdbc {

    interface Rows<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {
    }

    /** Binds parameters: an Instant as timestamptz, a Long[] as bigint[], anything else as JDBC knows it. */
    static void bind(Connection c, PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof java.time.Instant at) {
                s.setObject(i + 1, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
            } else if (p instanceof Long[] ids) {
                s.setArray(i + 1, c.createArrayOf("bigint", ids));
            } else {
                s.setObject(i + 1, p);
            }
        }
    }

    static int update(EntityManager em, String sql, Object... params) {
        return with(em, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(c, s, params);
                return s.executeUpdate();
            }
        });
    }

    static <T> T with(EntityManager em, Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }

    static <T> List<T> list(EntityManager em, String sql, Rows<T> rows, Object... params) {
        return with(em, c -> list(c, sql, rows, params));
    }

    static <T> List<T> list(Connection c, String sql, Rows<T> rows, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(c, s, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rows.map(rs));
                }
            }
            return out;
        }
    }
}
