package ge.wardops.inventory.importing;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.shared.Failures;
import ge.wardops.audit.AuditLog;
import ge.wardops.shared.DraftValidation;
import ge.wardops.inventory.BranchService;
import ge.wardops.inventory.DeviceService;
import ge.wardops.inventory.credentials.SnmpCredentialStore;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one import on the container's asynchronous pool, as the user who started it: read the
 * file, plan it against the inventory (one query for all rows), then write every device in one
 * transaction. Any error before the commit leaves the inventory as it was.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class DeviceImportRunner {

    private static final Logger LOG = Logger.getLogger(DeviceImportRunner.class.getName());

    @EJB
    DeviceService inventory;

    @EJB
    BranchService branches;

    @EJB
    SnmpCredentialStore credentials;

    @Inject
    DraftValidation validation;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext session;

    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void run(ImportJob job, byte[] file, int maxRows) {
        try {
            DeviceCsvReader.Result read = DeviceCsvReader.read(file, maxRows);
            read.errors().forEach(job::error);
            job.validating(read.rows().size());
            if (job.hasErrors()) {
                fail(job, "the file could not be read; nothing was imported");
                return;
            }
            ImportPlan.Outcome plan = ImportPlan.plan(read.rows(), snapshot(), validation::errorsOf, job::validated);
            plan.errors().forEach(job::error);
            if (job.hasErrors()) {
                fail(job, job.status().errorCount() + " row error(s); nothing was imported");
                return;
            }
            job.importing();
            // Through the business interface, so that the write gets its own transaction.
            session.getBusinessObject(DeviceImportRunner.class).write(job, plan);
            job.finish(ImportState.SUCCEEDED, plan.devices().size() + " devices imported");
        } catch (InvalidInputException e) {
            e.errors().forEach(err -> job.error(new RowError(0, err.field(), err.message())));
            fail(job, "the import was refused: " + e.getMessage() + "; nothing was imported");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Import " + job.id() + " failed", e);
            fail(job, "the import failed (" + Failures.rootMessage(e) + "); nothing was imported");
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(ImportJob job, ImportPlan.Outcome plan) {
        inventory.createDevices(plan.devices(), job::imported);
        audit.record(AuditEntry.of(AuditAction.IMPORT, "device", null)
                .withDetails("csv '" + job.status().fileName() + "': " + plan.devices().size() + " devices (job " + job.id() + ")"));
    }

    private void fail(ImportJob job, String message) {
        job.finish(ImportState.FAILED, message);
        try {
            session.getBusinessObject(DeviceImportRunner.class).auditFailure(job, message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not audit the failure of import " + job.id(), e);
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void auditFailure(ImportJob job, String message) {
        audit.record(AuditEntry.of(AuditAction.IMPORT_FAILED, "device", null)
                .withDetails("csv '" + job.status().fileName() + "': " + message + " (job " + job.id() + ")"));
    }

    private ImportPlan.Inventory snapshot() {
        Map<String, Long> names = new HashMap<>();
        Map<InetAddress, String> addresses = new HashMap<>();
        for (Object[] row : inventory.liveDeviceNamesAndAddresses()) {
            names.put((String) row[0], (Long) row[2]);
            addresses.put((InetAddress) row[1], (String) row[0]);
        }
        return new ImportPlan.Inventory(branches.branchIdsByCodeAndName(), names, addresses, credentials.idsByName(),
                inventory.deviceIdsByNameInScope());
    }

}
