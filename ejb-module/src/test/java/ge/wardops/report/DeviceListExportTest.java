package ge.wardops.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeviceListExportTest {

    @Test
    void plainValuesStayAsTheyAreAndNullIsEmpty() {
        assertEquals("core-router-1", DeviceListExport.cell("core-router-1"));
        assertEquals("", DeviceListExport.cell(null));
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuoted() {
        assertEquals("\"Tbilisi, Vake\"", DeviceListExport.cell("Tbilisi, Vake"));
        assertEquals("\"say \"\"hi\"\"\"", DeviceListExport.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", DeviceListExport.cell("two\nlines"));
    }

    @Test
    void aNameASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", DeviceListExport.cell("=HYPERLINK(\"x\")"));
        assertEquals("\"'=1+2,3\"", DeviceListExport.cell("=1+2,3"));
        assertEquals("'@SUM(A1)", DeviceListExport.cell("@SUM(A1)"));
        assertEquals("'+1", DeviceListExport.cell("+1"));
    }

    @Test
    void aRowEndsWithCrLf() {
        StringBuilder out = new StringBuilder();
        DeviceListExport.row(out, Arrays.asList("1", null, "a,b"));
        assertEquals("1,,\"a,b\"\r\n", out.toString());
        StringBuilder header = new StringBuilder();
        DeviceListExport.row(header, List.of("id"));
        assertEquals("id\r\n", header.toString());
    }
}
