package ge.wardops.events;

import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MibCompilerTest {

    static String acmeMib() throws IOException {
        try (InputStream in = MibCompilerTest.class.getResourceAsStream("/mibs/ACME-NOC-MIB.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBundledStandardMibsNameTheStandardTrapsAndTheirEnumerations() {
        MibCompiler.Result result = MibCompiler.compile(MibCompiler.bundled());
        assertEquals(List.of(), result.problems());
        MibNames names = result.names();
        assertEquals("IF-MIB::linkDown", names.trap(new OID("1.3.6.1.6.3.1.1.5.3")).qualified());
        assertEquals("SNMPv2-MIB::coldStart", names.trap(new OID("1.3.6.1.6.3.1.1.5.1")).qualified());
        assertEquals(Map.entry("ifOperStatus.3", "lowerLayerDown(7)"), names.varbind(new OID("1.3.6.1.2.1.2.2.1.8.3"), new Integer32(7)));
        assertEquals(Map.entry("ifAlias.12", "uplink"), names.varbind(new OID("1.3.6.1.2.1.31.1.1.1.18.12"), new OctetString("uplink")));
        assertEquals(Map.entry("snmpTrapAddress.0", "10.0.0.1"),
                names.varbind(new OID("1.3.6.1.6.3.18.1.3.0"), new OctetString("10.0.0.1")));
        assertNull(names.trap(new OID("1.3.6.1.4.1.99999.0.1")), "a vendor trap is not known before its MIB is added");
        assertEquals(Map.entry("1.3.6.1.4.1.99999.1.1.1.2.4", "3"), names.varbind(new OID("1.3.6.1.4.1.99999.1.1.1.2.4"), new Integer32(3)));
    }

    @Test
    void theBundledEntityCiscoAndFortinetMibsNameTheirTrapsAndVarbindsWithoutAnUpload() {
        MibCompiler.Result result = MibCompiler.compile(MibCompiler.bundled());
        assertEquals(List.of(), result.problems());
        MibNames names = result.names();

        assertEquals("ENTITY-MIB::entConfigChange", names.trap(new OID("1.3.6.1.2.1.47.2.0.1")).qualified());
        assertEquals(Map.entry("entPhysicalClass.1", "chassis(3)"), names.varbind(new OID("1.3.6.1.2.1.47.1.1.1.1.5.1"), new Integer32(3)),
                "an enumeration from IANA-ENTITY-MIB's textual convention");

        assertEquals("CISCO-CONFIG-MAN-MIB::ciscoConfigManEvent", names.trap(new OID("1.3.6.1.4.1.9.9.43.2.0.1")).qualified());
        assertEquals(Map.entry("ccmHistoryEventCommandSource.42", "commandLine(1)"),
                names.varbind(new OID("1.3.6.1.4.1.9.9.43.1.1.6.1.3.42"), new Integer32(1)));
        assertEquals(Map.entry("ccmHistoryEventConfigDestination.42", "startup(4)"),
                names.varbind(new OID("1.3.6.1.4.1.9.9.43.1.1.6.1.5.42"), new Integer32(4)));
        assertEquals("CISCO-SYSLOG-MIB::clogMessageGenerated", names.trap(new OID("1.3.6.1.4.1.9.9.41.2.0.1")).qualified());
        assertEquals(Map.entry("clogHistSeverity.57", "error(4)"), names.varbind(new OID("1.3.6.1.4.1.9.9.41.1.2.3.1.3.57"), new Integer32(4)));
        assertEquals(Map.entry("clogHistMsgText.57", "Interface Gi0/1, changed state to down"),
                names.varbind(new OID("1.3.6.1.4.1.9.9.41.1.2.3.1.5.57"), new OctetString("Interface Gi0/1, changed state to down")));
        assertEquals("CISCO-ENVMON-MIB::ciscoEnvMonTemperatureNotification", names.trap(new OID("1.3.6.1.4.1.9.9.13.3.0.3")).qualified());
        assertEquals(Map.entry("ciscoEnvMonTemperatureState.1006", "critical(3)"),
                names.varbind(new OID("1.3.6.1.4.1.9.9.13.1.3.1.6.1006"), new Integer32(3)));

        assertEquals("FORTINET-FORTIGATE-MIB::fgTrapVpnTunDown", names.trap(new OID("1.3.6.1.4.1.12356.101.2.0.302")).qualified());
        assertEquals("FORTINET-FORTIGATE-MIB::fgTrapVpnTunUp", names.trap(new OID("1.3.6.1.4.1.12356.101.2.0.301")).qualified());
        assertEquals("FORTINET-FORTIGATE-MIB::fgTrapHaSwitch", names.trap(new OID("1.3.6.1.4.1.12356.101.2.0.401")).qualified());
        assertEquals(Map.entry("fgVpnTrapPhase1Name.0", "to-branch-7"),
                names.varbind(new OID("1.3.6.1.4.1.12356.101.12.3.4.0"), new OctetString("to-branch-7")));
        assertEquals("FORTINET-CORE-MIB::fnTrapCpuThreshold", names.trap(new OID("1.3.6.1.4.1.12356.100.1.3.0.101")).qualified());
        assertEquals(Map.entry("fnSysSerial.0", "FG100F0000000001"),
                names.varbind(new OID("1.3.6.1.4.1.12356.100.1.1.1.0"), new OctetString("FG100F0000000001")));
    }

    @Test
    void everyBundledMibIsListedInImportOrderAndDefinesTheModuleItIsNamedFor() {
        List<MibCompiler.Source> sources = MibCompiler.bundled();
        assertEquals(MibCompiler.BUNDLED.size(), sources.size());
        List<String> loaded = new ArrayList<>();
        for (MibCompiler.Source s : sources) {
            String module = s.fileName().replaceFirst("\\.txt$", "");
            assertEquals(List.of(module), MibCompiler.modules(s.text()), s.fileName());
            Matcher from = Pattern.compile("\\bFROM\\s+([A-Za-z][A-Za-z0-9-]*)").matcher(s.text());
            while (from.find()) {
                assertTrue(loaded.contains(from.group(1)), s.fileName() + " imports from " + from.group(1) + ", which is not bundled before it");
            }
            loaded.add(module);
        }
    }

    @Test
    void anAddedVendorMibNamesItsTrapsObjectsAndEnumerations() throws IOException {
        List<MibCompiler.Source> sources = new ArrayList<>(MibCompiler.bundled());
        sources.add(new MibCompiler.Source("ACME-NOC-MIB.txt", acmeMib()));
        MibCompiler.Result result = MibCompiler.compile(sources);
        assertEquals(List.of(), result.problems());
        assertEquals("ACME-NOC-MIB::acmeFanFailed", result.names().trap(new OID("1.3.6.1.4.1.99999.0.1")).qualified());
        assertEquals(Map.entry("acmeFanState.4", "failed(3)"), result.names().varbind(new OID("1.3.6.1.4.1.99999.1.1.1.2.4"), new Integer32(3)));
        assertEquals(Map.entry("acmeFanState.4", "9"), result.names().varbind(new OID("1.3.6.1.4.1.99999.1.1.1.2.4"), new Integer32(9)),
                "a value the enumeration does not name stays a number");
        assertEquals(List.of("ACME-NOC-MIB"), MibCompiler.modules(acmeMib()));
    }

    @Test
    void aMibThatDoesNotParseIsReportedWithItsFileLineAndReason() throws IOException {
        String broken = acmeMib().replace("::= { acmeObjects 2 }", "::= { acmeObjects 2");
        List<MibCompiler.Source> sources = new ArrayList<>(MibCompiler.bundled());
        sources.add(new MibCompiler.Source("ACME-NOC-MIB.txt", broken));
        List<MibCompiler.Problem> problems = MibCompiler.compile(sources).problems();
        assertEquals(1, problems.size(), problems.toString());
        MibCompiler.Problem p = problems.get(0);
        assertEquals("ACME-NOC-MIB.txt", p.fileName());
        assertEquals(lineOf(broken, "acmeFanFailed NOTIFICATION-TYPE"), p.line(), p.toString());
        assertTrue(p.reason().contains("NOTIFICATION-TYPE"), p.reason());
    }

    @Test
    void anUnknownSymbolIsReportedAtTheLineThatUsesIt() throws IOException {
        String broken = acmeMib().replace("SYNTAX      DisplayString", "SYNTAX      AcmeString");
        List<MibCompiler.Source> sources = new ArrayList<>(MibCompiler.bundled());
        sources.add(new MibCompiler.Source("ACME-NOC-MIB.txt", broken));
        List<MibCompiler.Problem> problems = MibCompiler.compile(sources).problems();
        assertTrue(problems.stream().anyMatch(p -> p.fileName().equals("ACME-NOC-MIB.txt") && p.line() == lineOf(broken, "AcmeString")
                && p.reason().contains("AcmeString")), problems.toString());
    }

    @Test
    void aFileNestedAbsurdlyDeepIsAProblemNotACrash() throws IOException {
        String deep = acmeMib().replace("SYNTAX      Integer32 (1..64)", "SYNTAX      " + "SEQUENCE OF ".repeat(200_000) + "Integer32");
        List<MibCompiler.Source> sources = new ArrayList<>(MibCompiler.bundled());
        sources.add(new MibCompiler.Source("ACME-NOC-MIB.txt", deep));
        assertTrue(!MibCompiler.compile(sources).problems().isEmpty(), "refused with a problem");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }
}
