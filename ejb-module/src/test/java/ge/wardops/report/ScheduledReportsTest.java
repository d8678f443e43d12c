package ge.wardops.report;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import ge.wardops.notify.EmailSender;
import ge.wardops.notify.MailSettings;
import ge.wardops.notify.NoticeFormat;
import ge.wardops.testsupport.MigratedSchema;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled reports: an occurrence is claimed exactly once by any number of concurrent claimers
 * (the real PostgreSQL primary key decides, as on a cluster or after a restart), and the report
 * goes out by mail with its PDF and XLSX attached (a real SMTP server, GreenMail).
 */
class ScheduledReportsTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @Test
    void eightConcurrentClaimersOfOneOccurrenceRunItOnceAndALaterOneFindsItTaken() throws Exception {
        MigratedSchema schema = MigratedSchema.fresh("report_claims");
        long schedule;
        try (Statement s = schema.connection().createStatement()) {
            ResultSet rs = s.executeQuery("INSERT INTO report_schedules (name, cadence, day_of_month, time_of_day, recipients, owner) "
                    + "VALUES ('Monthly SLA', 'MONTHLY', 1, '08:00', 'cio@bank.test', 'admin') RETURNING id");
            rs.next();
            schedule = rs.getLong(1);
        }
        Instant occurrence = Instant.parse("2026-12-01T04:00:00Z");
        int claimers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            String node = "node-" + i;
            Callable<Boolean> claim = () -> {
                try (Connection c = DriverManager.getConnection(schema.schemaUrl(), schema.user(), schema.password())) {
                    start.await(10, TimeUnit.SECONDS);
                    return ScheduleClaims.claim(c, schedule, occurrence, node);
                }
            };
            results.add(pool.submit(claim));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> f : results) {
            won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, won, "exactly one claimer runs the occurrence");
        try (Connection c = DriverManager.getConnection(schema.schemaUrl(), schema.user(), schema.password())) {
            assertEquals(false, ScheduleClaims.claim(c, schedule, occurrence, "restarted-node"), "after a restart it is still taken");
            assertEquals(true, ScheduleClaims.claim(c, schedule, occurrence.plusSeconds(86400L * 31), "node-0"), "the next month's is new");
            ScheduleClaims.record(c, schedule, occurrence, null, "MAILED", "to cio@bank.test");
            try (PreparedStatement q = c.prepareStatement("SELECT count(*), max(outcome) FROM report_schedule_runs WHERE schedule_id = ? AND occurrence = ?")) {
                q.setLong(1, schedule);
                q.setTimestamp(2, java.sql.Timestamp.from(occurrence));
                ResultSet rs = q.executeQuery();
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals("MAILED", rs.getString(2));
            }
        }
    }

    @Test
    void theReportIsMailedWithItsPdfAndXlsxAttached() throws Exception {
        AvailabilityReport report = ReportDocumentsTest.report(3);
        byte[] pdf = ReportPdf.render(report, Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
        byte[] xlsx = ReportXlsx.render(report);
        MailSettings mail = new MailSettings("127.0.0.1", SMTP.getSmtp().getPort(), "wardops@bank.test", null, null, false, false, 5000);
        new EmailSender(mail, new NoticeFormat(ZoneId.of("Asia/Tbilisi"))).sendWithAttachments("cio@bank.test, audit@bank.test",
                "WARD OPS availability report 2026-11 (all regions)", "attached",
                List.of(new EmailSender.Attachment("sla-2026-11.pdf", ReportFormat.PDF.contentType(), pdf),
                        new EmailSender.Attachment("sla-2026-11.xlsx", ReportFormat.XLSX.contentType(), xlsx)));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(2, received.length, "one per recipient");
        MimeMessage m = received[0];
        assertEquals("WARD OPS availability report 2026-11 (all regions)", m.getSubject());
        Multipart parts = (Multipart) m.getContent();
        assertEquals(3, parts.getCount(), "text, PDF, XLSX");
        Part attachedPdf = parts.getBodyPart(1);
        assertEquals("sla-2026-11.pdf", attachedPdf.getFileName());
        assertTrue(attachedPdf.getContentType().startsWith("application/pdf"), attachedPdf.getContentType());
        try (PDDocument doc = Loader.loadPDF(attachedPdf.getInputStream().readAllBytes())) {
            assertTrue(new PDFTextStripper().getText(doc).contains("Availability and SLA report"));
        }
        assertEquals("sla-2026-11.xlsx", parts.getBodyPart(2).getFileName());
        assertEquals(xlsx.length, parts.getBodyPart(2).getInputStream().readAllBytes().length);
    }
}
