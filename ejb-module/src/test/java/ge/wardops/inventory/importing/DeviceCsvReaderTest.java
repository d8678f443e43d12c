package ge.wardops.inventory.importing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCsvReaderTest {

    private static DeviceCsvReader.Result read(String text) {
        return DeviceCsvReader.read(text.getBytes(StandardCharsets.UTF_8), 1000);
    }

    @Test
    void readsRowsByHeaderNameInAnyOrderAndCaseWithLineNumbers() {
        DeviceCsvReader.Result r = read("IP,Name,Type,Branch,Snmp Port\n127.0.0.1,rtr-1,router,BR001,1161\n\n127.0.0.2,\"sw, 2\",switch,BR001,\n");
        assertEquals(List.of(), r.errors());
        assertEquals(2, r.rows().size());
        assertEquals(2, r.rows().get(0).line());
        assertEquals("rtr-1", r.rows().get(0).get("name"));
        assertEquals("1161", r.rows().get(0).get("snmp_port"));
        assertEquals("sw, 2", r.rows().get(1).get("name"));
        assertEquals(4, r.rows().get(1).line(), "the blank line still counts");
        assertEquals(null, r.rows().get(1).get("snmp_port"));
    }

    @Test
    void excelFilesWithByteOrderMarkAndSemicolonsAreRead() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "name;ip;type;branch\nატმ-1;127.0.0.9;atm;BR002\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);
        DeviceCsvReader.Result r = DeviceCsvReader.read(file, 10);
        assertEquals(List.of(), r.errors());
        assertEquals("ატმ-1", r.rows().get(0).get("name"));
        assertEquals("127.0.0.9", r.rows().get(0).get("ip"));
    }

    @Test
    void unknownAndMissingColumnsAreReportedOnTheHeaderLine() {
        DeviceCsvReader.Result r = read("name,ip,kind,branch\nx,127.0.0.1,router,BR001\n");
        assertTrue(r.rows().isEmpty());
        assertEquals(2, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().stream().allMatch(e -> e.line() == 1));
        assertTrue(r.errors().get(0).message().contains("unknown column 'kind'"));
        assertTrue(r.errors().get(1).message().contains("missing column(s) type"));
    }

    @Test
    void emptyFileIsAnErrorThatNamesTheColumns() {
        DeviceCsvReader.Result r = read("  \n");
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).message().contains("name,ip,type,branch"));
    }

    @Test
    void brokenQuotingIsAnErrorNotACrash() {
        DeviceCsvReader.Result r = read("name,ip,type,branch\n\"unterminated,127.0.0.1,router,BR001\n");
        assertTrue(r.rows().isEmpty());
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).message().startsWith("the file is not valid CSV"), r.errors().toString());
    }

    @Test
    void rowsWithMoreCellsThanColumnsAreReported() {
        DeviceCsvReader.Result r = read("name,ip,type,branch\na,127.0.0.1,router,BR001,extra\n");
        assertEquals(1, r.errors().size());
        assertEquals(2, r.errors().get(0).line());
    }

    @Test
    void notUtf8IsReported() {
        byte[] latin1 = "name,ip,type,branch\nTbilisi\u00e9,127.0.0.1,router,BR001\n".getBytes(StandardCharsets.ISO_8859_1);
        DeviceCsvReader.Result r = DeviceCsvReader.read(latin1, 10);
        assertTrue(r.errors().get(0).message().contains("not UTF-8"));
    }

    @Test
    void tooManyRowsIsRefused() {
        StringBuilder sb = new StringBuilder("name,ip,type,branch\n");
        for (int i = 0; i < 6; i++) {
            sb.append("d").append(i).append(",127.0.0.").append(i + 1).append(",router,BR001\n");
        }
        DeviceCsvReader.Result r = DeviceCsvReader.read(sb.toString().getBytes(StandardCharsets.UTF_8), 5);
        assertTrue(r.rows().isEmpty());
        assertTrue(r.errors().get(0).message().contains("more than 5 devices"));
    }
}
