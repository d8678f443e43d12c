package ge.wardops.inventory.importing;

import ge.wardops.inventory.DeviceDraft;
import ge.wardops.inventory.NewDevice;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.IpAddresses;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The import plan against a given inventory, with the real Bean Validation the server runs. */
class ImportPlanTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final Function<DeviceDraft, List<InvalidInputException.FieldError>> BEAN_VALIDATION = d ->
            VALIDATOR.validate(d).stream()
                    .map(v -> new InvalidInputException.FieldError(v.getPropertyPath().toString(), v.getMessage())).toList();

    private static final InetAddress TAKEN = IpAddresses.parse("ip", "127.20.0.1");
    private static final ImportPlan.Inventory INVENTORY = new ImportPlan.Inventory(
            Map.of("br001", 11L, "tbilisi 1", 11L, "br002", 12L),
            Map.of("br001-rtr", 501L, "west-rtr", 902L),
            Map.of(TAKEN, "br001-rtr"),
            Map.of("branch routers", 7L),
            // west-rtr is in a region the caller does not see.
            Map.of("br001-rtr", 501L));

    private static ImportPlan.Outcome plan(String csv) {
        DeviceCsvReader.Result read = DeviceCsvReader.read(csv.getBytes(StandardCharsets.UTF_8), 1000);
        assertEquals(List.of(), read.errors());
        return ImportPlan.plan(read.rows(), INVENTORY, BEAN_VALIDATION, n -> { });
    }

    @Test
    void validRowsBecomeDraftsWithBranchesResolvedByCodeOrName() {
        ImportPlan.Outcome o = plan("""
                name,ip,type,branch,vendor,enabled,tags,snmp_port
                atm-7,127.30.0.7,ATM,BR002,NCR,no,lobby;24x7,1161
                sw-9,127.30.0.9,switch,Tbilisi 1,,,,
                """);
        assertEquals(List.of(), o.errors());
        assertEquals(2, o.devices().size());
        DeviceDraft atm = o.devices().get(0).draft();
        assertEquals(12L, atm.branchId());
        assertEquals(Boolean.FALSE, atm.enabled());
        assertEquals(List.of("lobby", "24x7"), atm.tags());
        assertEquals(1161, atm.snmpPort());
        assertEquals(11L, o.devices().get(1).draft().branchId());
    }

    @Test
    void snmpCredentialsAreResolvedByNameInAnyCaseAndAnUnknownNameIsARowError() {
        ImportPlan.Outcome ok = plan("""
                name,ip,type,branch,snmp_credential
                rtr-1,127.30.4.1,router,BR001,Branch Routers
                ups-1,127.30.4.2,ups,BR001,
                """);
        assertEquals(List.of(), ok.errors());
        assertEquals(7L, ok.devices().get(0).draft().snmpCredentialId());
        assertNull(ok.devices().get(1).draft().snmpCredentialId());

        ImportPlan.Outcome bad = plan("""
                name,ip,type,branch,snmp_credential
                rtr-2,127.30.4.3,router,BR001,no such credential
                """);
        assertTrue(bad.devices().isEmpty());
        assertEquals("2:snmp_credential", bad.errors().get(0).line() + ":" + bad.errors().get(0).field());
        assertTrue(bad.errors().get(0).message().contains("no SNMP credential named 'no such credential'"));
    }

    @Test
    void everyBadRowIsReportedWithItsLineAndColumnAndNothingIsPlanned() {
        ImportPlan.Outcome o = plan("""
                name,ip,type,branch,enabled,snmp_port
                good,127.30.0.1,router,BR001,,
                ,127.30.0.2,router,BR001,,
                bad-ip,127.30.0,router,BR001,,
                bad-type,127.30.0.4,toaster,BR001,,
                bad-branch,127.30.0.5,router,BR999,,
                bad-flag,127.30.0.6,router,BR001,maybe,
                bad-port,127.30.0.7,router,BR001,,99999
                """);
        assertTrue(o.devices().isEmpty());
        List<String> got = o.errors().stream().map(e -> e.line() + ":" + e.field()).toList();
        assertEquals(List.of("3:name", "4:ip", "5:type", "6:branch", "7:enabled", "8:snmp_port"), got);
    }

    @Test
    void duplicatesWithinTheFileAndAgainstTheInventoryAreReported() {
        ImportPlan.Outcome o = plan("""
                name,ip,type,branch
                a,127.30.1.1,router,BR001
                A,127.30.1.2,router,BR001
                b,127.30.1.1,router,BR001
                BR001-RTR,127.30.1.4,router,BR001
                c,127.20.0.1,router,BR001
                """);
        assertTrue(o.devices().isEmpty());
        List<String> messages = o.errors().stream().map(e -> e.line() + ":" + e.message()).toList();
        assertEquals(4, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("3:name 'A' is also on line 2"));
        assertTrue(messages.get(1).startsWith("4:address 127.30.1.1 is also on line 2"));
        assertTrue(messages.get(2).startsWith("5:a device named 'BR001-RTR' already exists"));
        assertTrue(messages.get(3).startsWith("6:address 127.20.0.1 already belongs to device 'br001-rtr'"));
    }

    @Test
    void parentsInTheFileAreCreatedBeforeTheirChildrenWhateverTheOrder() {
        ImportPlan.Outcome o = plan("""
                name,ip,type,branch,parent
                atm,127.30.2.3,atm,BR001,sw
                sw,127.30.2.2,switch,BR001,rtr
                rtr,127.30.2.1,router,BR001,
                ups,127.30.2.4,ups,BR001,br001-rtr
                """);
        assertEquals(List.of(), o.errors());
        List<String> order = o.devices().stream().map(d -> d.draft().name()).toList();
        assertTrue(order.indexOf("rtr") < order.indexOf("sw") && order.indexOf("sw") < order.indexOf("atm"), order.toString());
        NewDevice sw = o.devices().get(order.indexOf("sw"));
        assertEquals(order.indexOf("rtr"), sw.parentIndex());
        NewDevice ups = o.devices().get(order.indexOf("ups"));
        assertNull(ups.parentIndex());
        assertEquals(501L, ups.draft().parentId(), "an existing device as parent is referenced by id");
    }

    /**
     * Review of #12: a parent in another region is an ordinary row error, the same as a name that
     * does not exist; its id (902) appears nowhere and nothing is planned.
     */
    @Test
    void aParentOutsideTheCallersRegionsIsNotFound() {
        ImportPlan.Outcome o = plan("""
                name,ip,type,branch,parent
                ups-w,127.30.4.1,ups,BR001,WEST-RTR
                """);
        assertTrue(o.devices().isEmpty());
        assertEquals(1, o.errors().size(), o.errors().toString());
        RowError e = o.errors().get(0);
        assertEquals(2L, e.line());
        assertEquals("parent", e.field());
        assertEquals("no device named 'WEST-RTR' in the inventory or this file", e.message());
        assertTrue(o.errors().stream().noneMatch(err -> err.message().contains("902")));
    }

    @Test
    void parentLoopsAndUnknownParentsAreErrors() {
        ImportPlan.Outcome o = plan("""
                name,ip,type,branch,parent
                x,127.30.3.1,router,BR001,y
                y,127.30.3.2,router,BR001,x
                z,127.30.3.3,router,BR001,nowhere
                s,127.30.3.4,router,BR001,s
                """);
        assertTrue(o.devices().isEmpty());
        List<String> got = new ArrayList<>(o.errors().stream().map(e -> e.line() + ":" + e.field()).toList());
        assertEquals(List.of("2:parent", "3:parent", "4:parent", "5:parent"), got);
        assertTrue(o.errors().get(2).message().contains("no device named 'nowhere'"));
        assertTrue(o.errors().get(3).message().contains("its own parent"));
    }

    @Test
    void progressIsReportedUpToTheLastRow() {
        StringBuilder csv = new StringBuilder("name,ip,type,branch\n");
        for (int i = 0; i < 1200; i++) {
            csv.append("d").append(i).append(",127.31.").append(i / 250).append('.').append(i % 250 + 1).append(",server,BR001\n");
        }
        DeviceCsvReader.Result read = DeviceCsvReader.read(csv.toString().getBytes(StandardCharsets.UTF_8), 5000);
        List<Integer> seen = new ArrayList<>();
        ImportPlan.Outcome o = ImportPlan.plan(read.rows(), INVENTORY, BEAN_VALIDATION, seen::add);
        assertEquals(1200, o.devices().size());
        assertEquals(List.of(500, 1000, 1200), seen);
    }
}
