package ge.wardops.events;

import org.junit.jupiter.api.Test;
import org.snmp4j.smi.OID;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MibLibraryTest {

    @Test
    void aCiscoMibUploadedBeforeItWasBundledDoesNotStopTrapsBeingNamed() throws IOException {
        List<MibCompiler.Source> bundled = MibCompiler.bundled();
        String ciscoSmi = bundled.stream().filter(s -> s.fileName().equals("CISCO-SMI.txt")).findFirst().orElseThrow().text();
        EventMib uploaded = new EventMib("cisco-smi.my", "CISCO-SMI", ciscoSmi, ciscoSmi.getBytes(StandardCharsets.UTF_8).length, "admin",
                Instant.now());
        String acme = MibCompilerTest.acmeMib();
        EventMib vendor = new EventMib("ACME-NOC-MIB.txt", "ACME-NOC-MIB", acme, acme.length(), "admin", Instant.now());

        List<MibCompiler.Source> sources = MibLibrary.sources(bundled, List.of(uploaded, vendor));
        MibCompiler.Result result = MibCompiler.compile(sources);

        assertEquals(List.of(), result.problems());
        assertEquals(bundled.size() + 1, sources.size(), "the uploaded CISCO-SMI is left out, the other added file kept");
        assertEquals("IF-MIB::linkDown", result.names().trap(new OID("1.3.6.1.6.3.1.1.5.3")).qualified());
        assertEquals("CISCO-SYSLOG-MIB::clogMessageGenerated", result.names().trap(new OID("1.3.6.1.4.1.9.9.41.2.0.1")).qualified());
        assertEquals("ACME-NOC-MIB::acmeFanFailed", result.names().trap(new OID("1.3.6.1.4.1.99999.0.1")).qualified());
    }

    @Test
    void aFileWithANulByteAnEmptyOneAndAnOversizedOneAreRefusedBeforeParsing() throws IOException {
        String acme = MibCompilerTest.acmeMib();
        assertEquals(acme.getBytes(StandardCharsets.UTF_8).length, MibLibrary.checkText(acme));
        int third = acme.indexOf('\n', acme.indexOf('\n') + 1) + 1;
        String withNul = acme.substring(0, third) + "-- a comment \0 here\n" + acme.substring(third);
        ge.wardops.shared.InvalidInputException nul = assertThrows(ge.wardops.shared.InvalidInputException.class,
                () -> MibLibrary.checkText(withNul));
        assertTrue(nul.errors().get(0).message().startsWith("line 3: a NUL character"), nul.errors().toString());
        assertThrows(ge.wardops.shared.InvalidInputException.class, () -> MibLibrary.checkText(" \n "));
        assertThrows(ge.wardops.shared.InvalidInputException.class, () -> MibLibrary.checkText("x".repeat(MibLibrary.MAX_BYTES + 1)));
    }
}
