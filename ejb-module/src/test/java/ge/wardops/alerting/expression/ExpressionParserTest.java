package ge.wardops.alerting.expression;

import ge.wardops.alerting.TestFacts;
import ge.wardops.devicestate.DeviceStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionParserTest {

    private static boolean device(String expression, TestFacts facts, long id) {
        return ExpressionParser.parse(expression).condition().test(Subject.device(id), facts);
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        ExpressionParser.Parsed p = ExpressionParser.parse("down OR rtt > 100 AND NOT loss >= 50");
        assertEquals("(down OR (rtt > 100 AND NOT loss >= 50))", p.condition().text());
        assertEquals(Level.DEVICE, p.level());
    }

    @Test
    void parenthesesAndKeywordsInAnyCase() {
        assertEquals("((down OR up) AND rtt <= 2.5)", ExpressionParser.parse("(Down or UP) and rtt<=2.5").condition().text());
    }

    @Test
    void comparisonsReadTheFactsAndAnUnknownValueIsFalse() {
        TestFacts f = new TestFacts();
        f.rtt.put(1L, 150.0);
        f.loss.put(1L, 20.0);
        assertTrue(device("rtt > 100 AND loss >= 20", f, 1));
        assertFalse(device("rtt > 100 AND loss > 20", f, 1));
        assertFalse(device("rtt > 1", f, 2), "no RTT known");
        assertTrue(device("NOT rtt > 1", f, 2));
        assertTrue(device("rtt != 149", f, 1));
        assertTrue(device("rtt == 150", f, 1));
    }

    @Test
    void snmpConditionsHoldWhenAnyInterfaceMatches() {
        TestFacts f = new TestFacts();
        f.snmp.put(7L, Map.of("ifOperStatus", new double[] {1, 2, 1}, "ifInErrors_per_second", new double[] {0.5, 0}));
        assertTrue(device("snmp.ifOperStatus == 2", f, 7));
        assertFalse(device("snmp.ifInErrors_per_second > 1", f, 7));
        assertFalse(device("snmp.ifOperStatus == 2", f, 8), "never polled");
    }

    @Test
    void anAggregateMakesItABranchExpressionOverTheMembers() {
        ExpressionParser.Parsed p = ExpressionParser.parse("branch.percent(down) > 30 AND branch.count(rtt > 200) >= 1");
        assertEquals(Level.BRANCH, p.level());
        TestFacts f = new TestFacts().set(1, DeviceStatus.DOWN).set(2, DeviceStatus.DOWN).set(3, DeviceStatus.UP).set(4, DeviceStatus.UP);
        f.rtt.put(3L, 250.0);
        assertTrue(p.condition().test(Subject.group(new long[] {1, 2, 3, 4}), f), "50% down and one slow");
        assertFalse(p.condition().test(Subject.group(new long[] {1, 3, 4, 5}), f), "25% down");
        assertFalse(p.condition().test(Subject.group(new long[0]), f), "an empty group never fires");
    }

    @Test
    void availabilityIsNoticedSoTheRuleNeedsAWindow() {
        assertTrue(ExpressionParser.parse("availability < 99.5").usesAvailability());
        assertFalse(ExpressionParser.parse("down").usesAvailability());
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertError("", 0, "empty");
        assertError("rtt >", 5, "expected a number");
        assertError("rtt 100", 4, "expected a comparison");
        assertError("down AND", 8, "ends too early");
        assertError("down up", 5, "unexpected 'up'");
        assertError("(down", 5, "expected ')'");
        assertError("cpu > 5", 0, "unknown word 'cpu'");
        assertError("rtt = 5", 4, "use == or !=");
        assertError("rtt > 5 # x", 8, "unexpected character '#'");
        assertError("branch.max(down) > 1", 7, "unknown aggregate");
        assertError("branch.percent(down) > 130", 0, "between 0 and 100");
        assertError("down AND branch.percent(down) > 30", 0, "outside an aggregate");
        assertError("branch.percent(down) > 30 OR region.count(down) > 3", 29, "one level");
        assertError("branch.percent(branch.count(down) > 1) > 3", 15, "cannot be nested");
        assertError("snmp > 1", 5, "'.' and an SNMP item name");
    }

    @Test
    void depthAndLengthAreBounded() {
        assertError("NOT ".repeat(60) + "down", 200, "deeper than");
        assertError("down OR ".repeat(300) + "down", 2000, "longer than");
    }

    private static void assertError(String expression, int position, String fragment) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ExpressionParser.parse(expression));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
    }
}
