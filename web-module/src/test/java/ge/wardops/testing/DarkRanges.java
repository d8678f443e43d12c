package ge.wardops.testing;

import ge.wardops.testsupport.Loopback;
import ge.wardops.testsupport.VictoriaMetricsProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * What a test class that takes loopback devices out of service needs around it: root (without it
 * the class is skipped), its blackhole ranges back in service before it starts and after it ends
 * (also when a test failed midway, with a route still in place), and a fresh, empty VictoriaMetrics
 * for the server under test. Register it as a static field after the Arquillian extension, so it
 * starts after the deployment and stops before the undeployment:
 * {@code @RegisterExtension static final DarkRanges LAB = new DarkRanges("127.91.0.0/16");}
 */
public final class DarkRanges implements BeforeAllCallback, AfterAllCallback {

    private final List<String> ranges;
    private VictoriaMetricsProcess vm;

    /** @param ranges the loopback ranges (CIDR) the test class blackholes; no other test may use them */
    public DarkRanges(String... ranges) {
        this.ranges = List.of(ranges);
    }

    /** The VictoriaMetrics the server writes to, started for this class. */
    public VictoriaMetricsProcess vm() {
        return vm;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Loopback.assumeRoot();
        restore();
        vm = TestVictoriaMetrics.startFresh();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        restore();
        if (vm != null) {
            vm.close();
        }
    }

    private void restore() {
        ranges.forEach(Loopback::restoreService);
    }
}
