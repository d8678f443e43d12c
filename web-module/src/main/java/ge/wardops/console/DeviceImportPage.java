package ge.wardops.console;

import ge.wardops.inventory.importing.DeviceImports;
import ge.wardops.inventory.importing.ImportJobStatus;
import ge.wardops.inventory.importing.ImportState;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.model.file.UploadedFile;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Uploads a device CSV file, starts its import and follows it: the page polls the job's status
 * every second until it has succeeded or failed, then shows the count or the row errors.
 */
@Named("importPage")
@ViewScoped
public class DeviceImportPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    DeviceImports imports;

    @Inject
    ServiceErrors errors;

    /** The job this page follows, or null before the first upload. */
    private String jobId;
    private transient ImportJobStatus job;
    private transient List<ImportJobStatus> recent;

    public void upload(FileUploadEvent event) {
        UploadedFile file = event.getFile();
        errors.attempt(Map.of("file", "import:upload"), () -> {
            job = imports.start(file.getFileName(), file.getContent());
            jobId = job.id();
            recent = null;
            return null;
        });
    }

    /** Called by the poll: reads the job's status again. */
    public void refresh() {
        job = null;
        recent = null;
    }

    /** Shows an earlier job from the recent list. */
    public void show(String id) {
        jobId = id;
        refresh();
    }

    public ImportJobStatus getJob() {
        if (job == null && jobId != null) {
            job = errors.read(Map.of(), () -> imports.status(jobId), null);
            if (job == null) {
                // Finished jobs are forgotten after an hour.
                jobId = null;
            }
        }
        return job;
    }

    /** A job is being followed and has not ended yet: keep polling. */
    public boolean isRunning() {
        ImportJobStatus j = getJob();
        return j != null && j.state() != ImportState.SUCCEEDED && j.state() != ImportState.FAILED;
    }

    public boolean isFinished() {
        return !isRunning();
    }

    public List<ImportJobStatus> getRecent() {
        if (recent == null) {
            recent = imports.recent();
        }
        return recent;
    }
}
