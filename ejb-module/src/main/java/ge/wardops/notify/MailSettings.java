package ge.wardops.notify;

import java.util.Properties;

/**
 * The SMTP server email channels send through (docs/configuration.md, wardops.mail.*).
 * {@code password} is never printed.
 */
public record MailSettings(String host, int port, String from, String user, String password, boolean startTls,
                           boolean ssl, int timeoutMillis) {

    /** The Jakarta Mail session properties for these settings. */
    Properties sessionProperties() {
        Properties p = new Properties();
        String protocol = ssl ? "smtps" : "smtp";
        p.setProperty("mail.transport.protocol", protocol);
        p.setProperty("mail." + protocol + ".host", host);
        p.setProperty("mail." + protocol + ".port", String.valueOf(port));
        p.setProperty("mail." + protocol + ".from", from);
        p.setProperty("mail." + protocol + ".connectiontimeout", String.valueOf(timeoutMillis));
        p.setProperty("mail." + protocol + ".timeout", String.valueOf(timeoutMillis));
        p.setProperty("mail." + protocol + ".writetimeout", String.valueOf(timeoutMillis));
        p.setProperty("mail." + protocol + ".auth", String.valueOf(user != null && !user.isBlank()));
        if (startTls) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (ssl || startTls) {
            p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return p;
    }

    @Override
    public String toString() {
        return "MailSettings[" + host + ":" + port + ", from " + from + ", user " + user + ", password "
                + (password == null || password.isEmpty() ? "-" : "****") + ", starttls " + startTls + ", ssl " + ssl
                + ", timeout " + timeoutMillis + " ms]";
    }
}
