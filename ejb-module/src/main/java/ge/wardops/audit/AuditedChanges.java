package ge.wardops.audit;

import ge.wardops.shared.ConflictException;
import ge.wardops.shared.TrackedEntity;
import ge.wardops.shared.UnknownEntityException;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way an editable record changes: load it or answer 404, refuse a change based on an old
 * read (409), apply the change, write the audit row with the state before and after, and announce
 * the change to whoever keeps a copy. The caller validates its draft and checks what may refuse a
 * delete; it runs in the caller's transaction, so the change, its audit row and the event's
 * after-commit delivery stand or fall together.
 */
@Dependent
public class AuditedChanges {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    AuditLog audit;

    @Inject
    Event<Object> events;

    /**
     * What the audited change knows of one kind of record: its entity, the name a 404 gives it, its
     * audit object type, how it is shown (the view is also its audit state), its region for
     * regional auditors (or none), and the event a change fires (or none).
     */
    public record Kind<E extends TrackedEntity, V>(Class<E> entity, String label, String auditType,
                                                   Function<E, Object> id, Function<E, V> view,
                                                   Function<E, Long> region, Object changed) {

        public static <E extends TrackedEntity, V> Kind<E, V> of(Class<E> entity, String label, String auditType,
                                                                Function<E, Object> id, Function<E, V> view) {
            return new Kind<>(entity, label, auditType, id, view, e -> null, null);
        }

        /** The region each record belongs to, for the audit row. */
        public Kind<E, V> inRegion(Function<E, Long> regionOf) {
            return new Kind<>(entity, label, auditType, id, view, regionOf, changed);
        }

        /** The event fired after each change (observers usually wait for the commit). */
        public Kind<E, V> announcing(Object event) {
            return new Kind<>(entity, label, auditType, id, view, region, event);
        }
    }

    /** The record with {@code id}, or 404. */
    public <E extends TrackedEntity> E find(Kind<E, ?> kind, long id) {
        E e = em.find(kind.entity(), id);
        if (e == null) {
            throw new UnknownEntityException(kind.label(), id);
        }
        return e;
    }

    /** Stores a new, validated record; answers its view. */
    public <E extends TrackedEntity, V> V create(Kind<E, V> kind, E entity) {
        return create(kind, entity, null);
    }

    public <E extends TrackedEntity, V> V create(Kind<E, V> kind, E entity, String details) {
        em.persist(entity);
        em.flush();
        V after = kind.view().apply(entity);
        done(kind, AuditEntry.created(kind.auditType(), kind.id().apply(entity), after), entity, details);
        return after;
    }

    /**
     * Changes a loaded record: refused unless {@code version} is the one it has (the one the
     * caller read), then {@code change} applied; answers the view after.
     */
    public <E extends TrackedEntity, V> V update(Kind<E, V> kind, E entity, Long version, Consumer<E> change) {
        return update(kind, entity, version, change, null);
    }

    public <E extends TrackedEntity, V> V update(Kind<E, V> kind, E entity, Long version, Consumer<E> change, String details) {
        entity.requireVersion(version);
        V before = kind.view().apply(entity);
        change.accept(entity);
        flushOrConflict();
        V after = kind.view().apply(entity);
        done(kind, AuditEntry.updated(kind.auditType(), kind.id().apply(entity), before, after), entity, details);
        return after;
    }

    /** Removes a loaded record whose removal the caller has allowed. */
    public <E extends TrackedEntity, V> void delete(Kind<E, V> kind, E entity) {
        V before = kind.view().apply(entity);
        Object id = kind.id().apply(entity);
        Long region = kind.region().apply(entity);
        em.remove(entity);
        flushOrConflict();
        audit.record(AuditEntry.deleted(kind.auditType(), id, before).inRegion(region));
        fire(kind);
    }

    /**
     * Writes what is pending. A change or delete that committed between this read and this write
     * (the row's version moved, or the row is gone) is refused like an old version (409), not a 500,
     * and nothing is lost: the caller reloads and decides again.
     */
    private void flushOrConflict() {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ConflictException("version", "changed by someone else meanwhile; reload and try again");
        }
    }

    private <E extends TrackedEntity> void done(Kind<E, ?> kind, AuditEntry entry, E entity, String details) {
        audit.record(entry.inRegion(kind.region().apply(entity)).withDetails(details));
        fire(kind);
    }

    private void fire(Kind<?, ?> kind) {
        if (kind.changed() != null) {
            events.fire(kind.changed());
        }
    }
}
