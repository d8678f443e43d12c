package ge.wardops.inventory.importing;

import ge.wardops.inventory.InventorySettings;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts device imports and keeps their progress for the console and the status resource. Jobs
 * live in this node's memory for an hour after they end (the result is in the audit log and the
 * inventory for good); a caller sees its own jobs, an admin everyone's.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR})
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class DeviceImports {

    private static final Duration KEEP_FINISHED = Duration.ofHours(1);
    private static final int MAX_JOBS = 200;

    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();

    @Inject
    Permissions permissions;

    @Resource
    SessionContext session;

    @EJB
    DeviceImportRunner runner;

    @Inject
    InventorySettings settings;

    /** Queues the import of {@code file} and returns at once; the job's status tells how it goes. */
    public ImportJobStatus start(String fileName, byte[] file) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        if (file == null || file.length == 0) {
            throw new InvalidInputException("file", "the file is empty");
        }
        if (file.length > settings.maxBytes()) {
            throw new InvalidInputException("file", "the file has " + file.length + " bytes; at most " + settings.maxBytes() + " are accepted");
        }
        forgetOldJobs();
        ImportJob job = new ImportJob(UUID.randomUUID().toString(), session.getCallerPrincipal().getName(),
                fileName == null || fileName.isBlank() ? "upload.csv" : fileName);
        jobs.put(job.id(), job);
        runner.run(job, file, settings.maxRows());
        return job.status();
    }

    public ImportJobStatus status(String id) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        ImportJob job = jobs.get(id);
        if (job == null || !(session.isCallerInRole(Roles.ADMIN) || job.owner().equals(session.getCallerPrincipal().getName()))) {
            throw new UnknownEntityException("import job", id);
        }
        return job.status();
    }

    /** The caller's recent jobs (an admin's: everyone's), newest first. */
    public List<ImportJobStatus> recent() {
        permissions.require(session, Permissions.DEVICES_EDIT);
        String me = session.getCallerPrincipal().getName();
        boolean admin = session.isCallerInRole(Roles.ADMIN);
        return jobs.values().stream()
                .filter(j -> admin || j.owner().equals(me))
                .map(ImportJob::status)
                .sorted(Comparator.comparing(ImportJobStatus::createdAt).reversed())
                .toList();
    }

    private void forgetOldJobs() {
        Instant cutoff = Instant.now().minus(KEEP_FINISHED);
        jobs.values().removeIf(j -> j.isFinished() && j.finishedAt().isBefore(cutoff));
        if (jobs.size() >= MAX_JOBS) {
            jobs.values().stream().filter(ImportJob::isFinished).min(Comparator.comparing(ImportJob::finishedAt))
                    .ifPresent(oldest -> jobs.remove(oldest.id()));
        }
        if (jobs.size() >= MAX_JOBS) {
            throw new InvalidInputException("file", "too many imports are running; try again when one has finished");
        }
    }
}
