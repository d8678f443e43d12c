package ge.wardops.events;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A MIB file an administrator added; its text is read only when the MIBs are compiled. */
@Entity
@Table(name = "event_mibs")
public class EventMib {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "file_name", nullable = false, length = 200)
    private String fileName;

    @Column(nullable = false, length = 2000)
    private String modules;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    private String content;

    @Column(nullable = false)
    private int bytes;

    @Column(name = "uploaded_by", nullable = false, length = 100)
    private String uploadedBy;

    @Column(name = "uploaded_at", nullable = false)
    private Instant uploadedAt;

    protected EventMib() {
    }

    EventMib(String fileName, String modules, String content, int bytes, String uploadedBy, Instant uploadedAt) {
        this.fileName = fileName;
        this.modules = modules;
        this.content = content;
        this.bytes = bytes;
        this.uploadedBy = uploadedBy;
        this.uploadedAt = uploadedAt;
    }

    public Long getId() { return id; }
    public String getFileName() { return fileName; }
    public String getModules() { return modules; }
    public String getContent() { return content; }
    public int getBytes() { return bytes; }
    public String getUploadedBy() { return uploadedBy; }
    public Instant getUploadedAt() { return uploadedAt; }
}
