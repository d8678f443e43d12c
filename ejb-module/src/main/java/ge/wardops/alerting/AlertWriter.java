package ge.wardops.alerting;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine's writes, each in a transaction of its own that has committed when the call returns. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AlertWriter {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    /** Writes one round's decision: ids, inserts, resolutions, flags and history in at most six statements. */
    public AlertStore.Applied write(RoundDecision decision, Map<AlertKey, AlertSnapshot> open) {
        return Jdbc.with(em, c -> {
            long[] ids = AlertStore.allocateIds(c, decision.opened().size());
            List<AlertSnapshot> opened = Evaluator.assign(decision, ids, open);
            return AlertStore.apply(c, opened, decision);
        });
    }

    /**
     * Suppresses the still open, unsuppressed ones of {@code ids} under the alert at the same index of
     * {@code parents}, with a line in each one's history; answers those it changed.
     */
    public Set<Long> suppressUnder(List<Long> ids, List<Long> parents, String comment, Instant at) {
        return Jdbc.with(em, c -> {
            Set<Long> done = AlertStore.suppress(c, ids, parents, at);
            AlertStore.appendEvents(c, done.stream().map(id -> new AlertStore.Event(id, AlertTransition.Kind.COMMENTED,
                    AlertTransition.SYSTEM, comment, at)).toList());
            return done;
        });
    }

    /** A system alert (no rule), e.g. a broken audit chain; answers it as stored. */
    public AlertSnapshot raiseSystem(String subjectKey, Severity severity, String message, Instant at) {
        return Jdbc.with(em, c -> {
            long id = AlertStore.allocateIds(c, 1)[0];
            AlertSnapshot a = new AlertSnapshot(id, null, null, subjectKey, subjectKey, null, null, null, null, null, severity,
                    AlertState.FIRING, message, at, null, null, null, false, null, false, false);
            AlertStore.insert(c, List.of(a));
            AlertStore.appendEvents(c, List.of(new AlertStore.Event(id, AlertTransition.Kind.FIRING, AlertTransition.SYSTEM, message, at)));
            return a;
        });
    }

    /** An alert about a device that another capability decided (events); answers it as stored. */
    public AlertSnapshot raiseExternal(ExternalCondition c, AlertDevice d, boolean suppressed, Long parentAlertId,
                                       boolean inMaintenance) {
        return Jdbc.with(em, conn -> {
            long id = AlertStore.allocateIds(conn, 1)[0];
            AlertSnapshot a = new AlertSnapshot(id, null, null, c.subjectKey(), c.subjectName(), d.id(), d.branchId(), d.branchName(),
                    d.regionId(), d.regionName(), c.severity(), AlertState.FIRING, c.message(), c.at(), null, null, null, suppressed,
                    parentAlertId, inMaintenance, false);
            AlertStore.insert(conn, List.of(a));
            AlertStore.appendEvents(conn, List.of(new AlertStore.Event(id, AlertTransition.Kind.FIRING, AlertTransition.SYSTEM,
                    c.message(), c.at())));
            return a;
        });
    }

    /** The condition of the open alert {@code id} came again: counted on it (repeat count, last seen). */
    public boolean repeat(long id, Instant at) {
        return Jdbc.with(em, c -> AlertStore.repeat(c, id, at));
    }

    /** Resolves a system alert the system itself raised (e.g. probing works again); false if it was closed already. */
    public boolean resolveSystem(long id, String comment, Instant at) {
        return Jdbc.with(em, c -> {
            boolean resolved = !AlertStore.resolve(c, List.of(id), at, AlertTransition.SYSTEM).isEmpty();
            if (resolved) {
                AlertStore.appendEvents(c, List.of(new AlertStore.Event(id, AlertTransition.Kind.RESOLVED, AlertTransition.SYSTEM, comment, at)));
            }
            return resolved;
        });
    }
}
