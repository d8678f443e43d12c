package ge.wardops.report;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documents of a report opened again: the CSV's lines, the XLSX's cells read back, the PDF's text extracted. */
class ReportDocumentsTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Tbilisi");
    static final ReportPeriod NOVEMBER = ReportPeriod.month(YearMonth.of(2026, 11), ZONE);
    static final String EVIL = "=HYPERLINK(\"http://x\",\"click\")";
    static final String GEORGIAN = "ვაკე";
    static final Path FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    static AvailabilityReport report(int devices) {
        List<AvailabilityRow> rows = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            double sla = 100.0 - i * 0.01;
            rows.add(new AvailabilityRow(AvailabilityRow.Level.DEVICE, i + 1, i == 0 ? EVIL : "device-" + i, GEORGIAN + " / Tbilisi", 10L, 1,
                    sla - 0.001, sla, Duration.ofMinutes(i), Duration.ofMinutes(i), Duration.ZERO, i % 3, Duration.ofMinutes(i),
                    i % 3 == 0 ? null : Duration.ofMinutes(i), null, 99.5, 99.0, 1.25, 0.5));
        }
        AvailabilityRow region = new AvailabilityRow(AvailabilityRow.Level.REGION, 1, "Tbilisi", null, null, devices, 99.2, 99.25,
                Duration.ofMinutes(90), Duration.ofMinutes(60), Duration.ofMinutes(30), 4, Duration.ofMinutes(40), Duration.ofMinutes(15),
                Duration.ofHours(100), 99.5, 99.99, 2.0, 0.1);
        AvailabilityRow adjara = new AvailabilityRow(AvailabilityRow.Level.REGION, 2, "Adjara", null, null, 3, 99.9, 99.95,
                Duration.ofMinutes(9), Duration.ofMinutes(6), Duration.ZERO, 1, Duration.ofMinutes(6), Duration.ofMinutes(6),
                Duration.ofHours(700), 99.5, 100.0, 3.0, 0.0);
        IncidentRow outage = new IncidentRow(IncidentRow.Kind.OUTAGE, EVIL, GEORGIAN, "Tbilisi", null, Instant.parse("2026-11-03T10:00:00Z"),
                Instant.parse("2026-11-03T10:40:00Z"), Duration.ofMinutes(40), null, null, null, false, false, "down, back up");
        return new AvailabilityReport(NOVEMBER, "all regions", "auditor1", Instant.parse("2026-12-01T04:00:00Z"), Duration.ofSeconds(10),
                region, List.of(region, adjara), List.of(), List.of(), List.of(), rows, List.of(outage),
                List.of(new TopEntry(TopEntry.Category.DEVICE_DOWNTIME, 1, EVIL, GEORGIAN, 40.0)), Duration.ofMinutes(3));
    }

    @Test
    void theMonthIsTheBanksLocalMonth() {
        assertEquals(Instant.parse("2026-10-31T20:00:00Z"), NOVEMBER.from());
        assertEquals(Instant.parse("2026-11-30T20:00:00Z"), NOVEMBER.to());
        assertEquals(NOVEMBER, ReportPeriod.lastMonth(Instant.parse("2026-12-01T00:30:00Z"), ZONE));
    }

    @Test
    void theCsvHasEverySectionAndNoFormula() {
        String csv = new String(ReportCsv.render(report(5)), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("WARD OPS availability and SLA report\r\nperiod,2026-11\r\nfrom_utc,2026-10-31T20:00:00Z\r\n"), csv);
        assertTrue(csv.contains("\r\nDevices\r\nName,Part of,Devices,SLO target %,SLA availability %,"), csv);
        assertTrue(csv.contains("\r\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"".substring(1)), "defused and quoted: " + csv);
        assertFalse(csv.contains("\n=") || csv.contains(",="), "no cell starts with =");
        assertTrue(csv.contains(",2026-11-03T10:00:00Z,2026-11-03T10:40:00Z,40.000,"), "times in UTC: " + csv);
    }

    @Test
    void theXlsxHasOneSheetPerSectionWithTypedCells() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(ReportXlsx.render(report(5))))) {
            List<String> sheets = new ArrayList<>();
            book.forEach(s -> sheets.add(s.getSheetName()));
            assertEquals(List.of("Report", "Summary", "Regions", "Branches", "Device groups", "Device types", "Devices", "Incidents", "Top N"), sheets);
            Sheet devices = book.getSheet("Devices");
            assertEquals("SLA availability %", devices.getRow(0).getCell(4).getStringCellValue());
            Row first = devices.getRow(1);
            assertEquals("'" + EVIL, first.getCell(0).getStringCellValue());
            assertEquals(CellType.STRING, first.getCell(0).getCellType(), "text, never a formula");
            assertEquals(CellType.NUMERIC, first.getCell(4).getCellType());
            assertEquals(100.0, first.getCell(4).getNumericCellValue(), 1e-9);
            assertEquals(5, devices.getLastRowNum());
            Row outage = book.getSheet("Incidents").getRow(1);
            assertTrue(DateUtil.isCellDateFormatted(outage.getCell(5)));
            assertEquals(LocalDateTime.parse("2026-11-03T14:00:00"), outage.getCell(5).getLocalDateTimeCellValue(), "local time in Tbilisi");
            assertEquals(40.0, outage.getCell(7).getNumericCellValue(), 1e-9);
            for (Sheet s : book) {
                for (Row r : s) {
                    r.forEach(c -> assertFalse(c.getCellType() == CellType.FORMULA, "no formula anywhere"));
                }
            }
        }
    }

    @Test
    void thePdfSaysWhatItIsAndNumbersItsPages() throws Exception {
        byte[] pdf = ReportPdf.render(report(300), FONT);
        Files.write(Path.of("target", "report-sample.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages >= 3, "300 devices take pages: " + pages);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Availability and SLA report"), text);
            assertTrue(text.contains("Period: 2026-11 (2026-11-01 00:00:00 to 2026-12-01 00:00:00)"), text);
            assertTrue(text.contains("Time zone: Asia/Tbilisi"), text);
            assertTrue(text.contains("Generated by auditor1 at 2026-12-01 08:00:00"), text);
            assertTrue(text.contains("Page 1 of " + pages), text);
            assertTrue(text.contains("Page " + pages + " of " + pages), text);
            assertTrue(text.contains(GEORGIAN), "the Unicode font prints Georgian");
            assertTrue(text.contains("Adjara") && text.contains("99.950"), text);
            assertTrue(text.contains("device-299"), "every device row");
        }
    }
}
