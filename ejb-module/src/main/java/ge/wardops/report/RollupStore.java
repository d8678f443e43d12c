package ge.wardops.report;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The rollup claims ({@link RollupHours}) in transactions of their own, for the job ({@link RollupJob}). */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RollupStore {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public List<Instant> unclaimed(Instant from, Instant to, int limit) {
        return work(c -> RollupHours.unclaimed(c, from, to, limit));
    }

    public boolean claim(Instant hour, String node) {
        return work(c -> RollupHours.claim(c, hour, node));
    }

    public void finish(Instant hour, int devices) {
        work(c -> {
            if (devices >= 0) {
                RollupHours.done(c, hour, devices);
            } else {
                RollupHours.abandon(c, hour);
            }
            return null;
        });
    }

    public void release(Instant hour) {
        work(c -> {
            RollupHours.release(c, hour);
            return null;
        });
    }

    public int abandonOld(Instant before) {
        return work(c -> RollupHours.abandonOld(c, before));
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }
}
