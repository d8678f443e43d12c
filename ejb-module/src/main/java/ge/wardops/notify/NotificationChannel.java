package ge.wardops.notify;

import ge.wardops.shared.NumberedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** A place notices go. The webhook secret column holds only a value sealed by SecretBox. */
@Entity
@Table(name = "notification_channels")
public class NotificationChannel extends NumberedEntity {

    @Column(nullable = false, length = 100)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private ChannelKind kind;

    @Column(nullable = false, length = 1000)
    private String target;

    @Column(name = "secret_enc")
    private byte[] sealedSecret;

    @Column(nullable = false)
    private boolean enabled = true;

    protected NotificationChannel() {
    }

    NotificationChannel(String name, ChannelKind kind) {
        this.name = name;
        this.kind = kind;
    }

    void change(String name, ChannelKind kind, String target, byte[] sealedSecret, boolean enabled) {
        this.name = name;
        this.kind = kind;
        this.target = target;
        this.sealedSecret = sealedSecret;
        this.enabled = enabled;
        touch();
    }

    public String getName() { return name; }
    public ChannelKind getKind() { return kind; }
    public String getTarget() { return target; }
    public boolean isEnabled() { return enabled; }

    byte[] sealedSecret() { return sealedSecret; }
}
