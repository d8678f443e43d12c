package ge.wardops.notify;

import ge.wardops.shared.SiteSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Mails documents (scheduled reports) through the same SMTP server and sender as the email channel
 * (wardops.mail.*), at once and on the caller's thread: the caller records the outcome.
 */
@ApplicationScoped
public class MailedDocuments {

    @Inject
    NotifySettings settings;

    @Inject
    SiteSettings site;

    private EmailSender sender;

    @PostConstruct
    void start() {
        sender = new EmailSender(settings.mail(), new NoticeFormat(site.zone()));
    }

    /** @throws DeliveryFailure with whether a later try could succeed */
    public void send(String recipients, String subject, String text, List<EmailSender.Attachment> attachments) throws DeliveryFailure {
        sender.sendWithAttachments(recipients, subject, text, attachments);
    }
}
