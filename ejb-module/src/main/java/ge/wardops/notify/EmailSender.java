package ge.wardops.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/**
 * Sends email notices through the configured SMTP server with Jakarta Mail: plain text, UTF-8
 * (Georgian branch names arrive intact). A refused address or refused login is permanent; a
 * server that cannot be reached or answers 4xx is transient and worth a retry.
 */
public class EmailSender {

    private final MailSettings settings;
    private final Session session;
    private final NoticeFormat format;

    public EmailSender(MailSettings settings, NoticeFormat format) {
        this.settings = settings;
        this.format = format;
        this.session = Session.getInstance(settings.sessionProperties());
    }

    /** The recipients of a channel's target, checked: what a channel must hold to be saved. */
    public static InternetAddress[] recipients(String target) throws AddressException {
        InternetAddress[] to = InternetAddress.parse(target, true);
        if (to.length == 0) {
            throw new AddressException("no address", target);
        }
        for (InternetAddress a : to) {
            a.validate();
        }
        return to;
    }

    /** A file sent with a message (a report's PDF or XLSX). */
    public record Attachment(String fileName, String contentType, byte[] content) {
    }

    public void send(ChannelAddress channel, Notice notice) throws DeliveryFailure {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from()));
            m.setRecipients(Message.RecipientType.TO, recipients(channel.target()));
            m.setSubject(format.subject(notice), StandardCharsets.UTF_8.name());
            m.setText(format.text(notice), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(notice.at() == null ? Instant.now() : notice.at()));
            m.setHeader("X-WardOps-Event", notice.kind().name());
            if (notice.alert() != null) {
                m.setHeader("X-WardOps-Alert", String.valueOf(notice.alert().id()));
            }
            transport(m, "channel '" + channel.name() + "'");
        } catch (AddressException e) {
            throw new DeliveryFailure("bad email address in channel '" + channel.name() + "': " + e.getMessage(), false, e);
        } catch (MessagingException e) {
            // transport() classified it; only building the message can get here.
            throw new DeliveryFailure("could not build the message: " + e.getMessage(), false, e);
        }
    }

    /**
     * A plain-text message with files attached, to comma-separated {@code recipients}: how scheduled
     * reports are mailed, with the same server, sender and failure rules as the notices.
     */
    public void sendWithAttachments(String recipients, String subject, String text, java.util.List<Attachment> attachments)
            throws DeliveryFailure {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from()));
            m.setRecipients(Message.RecipientType.TO, recipients(recipients));
            m.setSubject(subject, StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            jakarta.mail.internet.MimeMultipart parts = new jakarta.mail.internet.MimeMultipart();
            jakarta.mail.internet.MimeBodyPart body = new jakarta.mail.internet.MimeBodyPart();
            body.setText(text, StandardCharsets.UTF_8.name());
            parts.addBodyPart(body);
            for (Attachment a : attachments) {
                jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
                file.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(a.content(), a.contentType())));
                file.setFileName(a.fileName());
                parts.addBodyPart(file);
            }
            m.setContent(parts);
            transport(m, "recipients '" + recipients + "'");
        } catch (AddressException e) {
            throw new DeliveryFailure("bad email address in " + recipients + ": " + e.getMessage(), false, e);
        } catch (MessagingException e) {
            throw new DeliveryFailure("could not build the message: " + e.getMessage(), false, e);
        }
    }

    /** Sends {@code m}, classifying failures: refused addresses and logins are permanent, the rest transient. */
    private void transport(MimeMessage m, String where) throws DeliveryFailure {
        try {
            if (settings.user() != null && !settings.user().isBlank()) {
                Transport.send(m, settings.user(), settings.password());
            } else {
                Transport.send(m);
            }
        } catch (AddressException e) {
            throw new DeliveryFailure("bad email address in " + where + ": " + e.getMessage(), false, e);
        } catch (AuthenticationFailedException e) {
            throw new DeliveryFailure("the SMTP server refused the login (wardops.mail.smtp.user): " + e.getMessage(), false, e);
        } catch (SendFailedException e) {
            Address[] invalid = e.getInvalidAddresses();
            boolean permanent = invalid != null && invalid.length > 0;
            throw new DeliveryFailure("the SMTP server refused the message: " + e.getMessage(), !permanent, e);
        } catch (MessagingException e) {
            // Cannot connect, timed out, 4xx: the server may be back in a moment.
            throw new DeliveryFailure("SMTP " + settings.host() + ":" + settings.port() + ": " + rootMessage(e), true, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof IOException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
