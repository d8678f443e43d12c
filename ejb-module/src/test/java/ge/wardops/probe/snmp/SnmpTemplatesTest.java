package ge.wardops.probe.snmp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnmpTemplatesTest {

    final SnmpTemplates templates = SnmpTemplates.load();

    @Test
    void genericTemplateHasTheMib2Basics() {
        Map<String, SnmpItem> items = byName(templates.items(SnmpTemplates.GENERIC));

        assertEquals(new SnmpItem("sysUpTime", "1.3.6.1.2.1.1.3.0", SnmpItem.Kind.GAUGE), items.get("sysUpTime"));
        assertEquals(new SnmpItem("ifOperStatus", "1.3.6.1.2.1.2.2.1.8", SnmpItem.Kind.STATUS), items.get("ifOperStatus"));
        assertEquals(new SnmpItem("ifHCInOctets", "1.3.6.1.2.1.31.1.1.1.6", SnmpItem.Kind.COUNTER64), items.get("ifHCInOctets"));
        assertEquals(new SnmpItem("ifHCOutOctets", "1.3.6.1.2.1.31.1.1.1.10", SnmpItem.Kind.COUNTER64), items.get("ifHCOutOctets"));
        assertEquals(new SnmpItem("ifInErrors", "1.3.6.1.2.1.2.2.1.14", SnmpItem.Kind.COUNTER32), items.get("ifInErrors"));
        assertFalse(items.get("sysUpTime").isColumn());
        assertTrue(items.get("ifHCInOctets").isColumn());
    }

    @Test
    void vendorTemplatesAddTheirItemsToTheGenericOnes() {
        Map<String, SnmpItem> cisco = byName(templates.items("cisco"));
        Map<String, SnmpItem> fortinet = byName(templates.items("fortinet"));

        assertEquals("1.3.6.1.4.1.9.9.109.1.1.1.1.8", cisco.get("cpmCPUTotal5minRev").oid());
        assertTrue(cisco.get("cpmCPUTotal5minRev").isColumn());
        assertEquals("1.3.6.1.4.1.12356.101.4.1.3.0", fortinet.get("fgSysCpuUsage").oid());
        assertFalse(fortinet.get("fgSysCpuUsage").isColumn());
        assertTrue(cisco.keySet().containsAll(byName(templates.items(SnmpTemplates.GENERIC)).keySet()));
        assertTrue(fortinet.keySet().containsAll(byName(templates.items(SnmpTemplates.GENERIC)).keySet()));
    }

    @Test
    void vendorAsTheInventorySpellsItChoosesTheTemplate() {
        assertEquals("cisco", templates.templateFor("Cisco"));
        assertEquals("fortinet", templates.templateFor(" FortiGate "));
        assertEquals(SnmpTemplates.GENERIC, templates.templateFor("Juniper"));
        assertEquals(SnmpTemplates.GENERIC, templates.templateFor(null));
    }

    @Test
    void ownItemReplacesTheParentsOfTheSameName() {
        SnmpTemplates read = read("""
                {"generic": {"items": [{"name": "cpu", "oid": "1.3.6.1.2.1.1.3.0", "kind": "GAUGE"}]},
                 "box": {"extends": "generic", "items": [{"name": "cpu", "oid": "1.3.6.1.4.1.9.1.0", "kind": "GAUGE"}]}}""");

        assertEquals(List.of(new SnmpItem("cpu", "1.3.6.1.4.1.9.1.0", SnmpItem.Kind.GAUGE)), read.items("box"));
    }

    @Test
    void mistakesInTheFileAreRefusedWithTheTemplateNamed() {
        IllegalArgumentException badOid = assertThrows(IllegalArgumentException.class, () -> read("""
                {"generic": {"items": [{"name": "x", "oid": "1.3.six", "kind": "GAUGE"}]}}"""));
        IllegalArgumentException badKind = assertThrows(IllegalArgumentException.class, () -> read("""
                {"generic": {"items": [{"name": "x", "oid": "1.3.6.1.2.1.1.3.0", "kind": "FLOAT"}]}}"""));
        IllegalArgumentException circle = assertThrows(IllegalArgumentException.class, () -> read("""
                {"generic": {"items": []}, "a": {"extends": "b", "items": []}, "b": {"extends": "a", "items": []}}"""));
        IllegalArgumentException noGeneric = assertThrows(IllegalArgumentException.class, () -> read("""
                {"cisco": {"items": []}}"""));

        assertTrue(badOid.getMessage().contains("'generic'"), badOid.getMessage());
        assertTrue(badKind.getMessage().contains("FLOAT"), badKind.getMessage());
        assertTrue(circle.getMessage().contains("circle"), circle.getMessage());
        assertTrue(noGeneric.getMessage().contains("generic"), noGeneric.getMessage());
        assertThrows(IllegalArgumentException.class, () -> templates.items("no-such-template"));
    }

    static SnmpTemplates read(String json) {
        return SnmpTemplates.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, SnmpItem> byName(List<SnmpItem> items) {
        return items.stream().collect(Collectors.toMap(SnmpItem::name, i -> i));
    }
}
