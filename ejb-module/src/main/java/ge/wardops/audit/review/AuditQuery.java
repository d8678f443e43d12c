package ge.wardops.audit.review;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditChain;
import ge.wardops.audit.AuditEvent;
import ge.wardops.audit.AuditFilter;
import ge.wardops.audit.AuditFormats;
import ge.wardops.audit.AuditLog;
import ge.wardops.audit.AuditRecord;
import ge.wardops.audit.ChainReport;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.Page;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the audit log for admins and auditors: filtered pages, newest first, and exports in chain
 * order (oldest first, so that a reader can recompute the chain), streamed row by row from a
 * database cursor whatever the size. Every export is itself audited, before the first row goes out.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AuditQuery {

    public static final int MAX_PAGE = 1000;
    private static final int FETCH = 500;

    @Inject
    Permissions permissions;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Resource
    SessionContext session;

    @EJB
    AuditLog audit;

    @EJB
    AuditChain chain;

    /** The hash chain's check ({@link AuditChain#verify(Long, String)}) for a caller with audit.read. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ChainReport verifyChain(Long anchorId, String anchorHash) {
        permissions.require(session, Permissions.AUDIT_READ);
        return chain.verify(anchorId, anchorHash);
    }

    /** Refuses a caller without audit.read, for adapters that must answer before they stream an export. */
    public void requireReader() {
        permissions.require(session, Permissions.AUDIT_READ);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Page<AuditRecord> find(AuditFilter filter, int offset, int limit) {
        permissions.require(session, Permissions.AUDIT_READ);
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
        }
        Map<String, Object> params = new HashMap<>();
        String where = filter.where(params);
        TypedQuery<Long> count = em.createQuery("select count(e) from AuditEvent e" + where, Long.class);
        TypedQuery<AuditRecord> rows = em.createQuery(AuditRecord.SELECT + where + " order by e.id desc", AuditRecord.class);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            rows.setParameter(k, v);
        });
        List<AuditRecord> items = rows.setFirstResult(offset).setMaxResults(limit).getResultList();
        return new Page<>(items, count.getSingleResult(), offset, limit);
    }

    /** One row by id, for the console's detail view; null if there is none (or it was archived). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public AuditRecord one(long id) {
        permissions.require(session, Permissions.AUDIT_READ);
        List<AuditRecord> found = em.createQuery(AuditRecord.SELECT + " where e.id = :id", AuditRecord.class)
                .setParameter("id", id).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Writes every row the filter keeps to {@code out} in {@code format}, oldest first, and returns
     * how many. The export is audited (who, from where, which filter, which format) in a
     * transaction of its own before the first row is read, so a failed or aborted download still
     * leaves its trace.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public long export(AuditFilter filter, AuditFormats.Format format, String clientAddress, OutputStream out) {
        permissions.require(session, Permissions.AUDIT_READ);
        audit.recordApart(session.getCallerPrincipal().getName(), clientAddress, AuditAction.EXPORT, "audit_event", null,
                format.extension + " of " + filter.describe());
        Map<String, Object> params = new HashMap<>();
        TypedQuery<AuditRecord> rows = em.createQuery(AuditRecord.SELECT + filter.where(params) + " order by e.id", AuditRecord.class)
                .setHint("org.hibernate.fetchSize", FETCH)
                .setHint("org.hibernate.readOnly", true);
        params.forEach(rows::setParameter);
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        long n = 0;
        try (Stream<AuditRecord> stream = rows.getResultStream()) {
            if (format == AuditFormats.Format.CSV) {
                writer.write(AuditFormats.csvHeader());
                writer.write("\r\n");
            }
            for (var it = stream.iterator(); it.hasNext(); ) {
                AuditRecord r = it.next();
                writer.write(format == AuditFormats.Format.CSV ? AuditFormats.csvLine(r) : AuditFormats.jsonLine(r));
                writer.write(format == AuditFormats.Format.CSV ? "\r\n" : "\n");
                n++;
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the export could not be written (client gone?)", e);
        }
        return n;
    }
}
