package ge.wardops.events;

import ge.wardops.alerting.Severity;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreLanesTest {

    private static ReceivedEvent event(String source, int n) throws Exception {
        return new ReceivedEvent(Instant.EPOCH.plusMillis(n), InetAddress.getByName(source), EventKind.TRAP, Severity.INFO,
                n % 2 == 0 ? "linkDown" : "linkUp", "m" + n, Map.of("n", Integer.toString(n)), "raw");
    }

    @Test
    void eachSourceGoesToOneWorkerInTheOrderReceivedAndTheWorkersShareTheSources() throws Exception {
        List<ReceivedEvent> batch = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            batch.add(event("127.0.3." + (n % 40), n));
        }
        List<List<ReceivedEvent>> lanes = StoreLanes.split(batch, 2);
        assertEquals(400, lanes.get(0).size() + lanes.get(1).size(), "nothing lost, nothing twice");
        assertTrue(!lanes.get(0).isEmpty() && !lanes.get(1).isEmpty(), "40 sources are spread over both workers");
        for (int lane = 0; lane < 2; lane++) {
            List<ReceivedEvent> mine = lanes.get(lane);
            for (ReceivedEvent e : mine) {
                assertEquals(lane, StoreLanes.lane(e.source(), 2), "a source has one worker");
            }
            for (int i = 1; i < mine.size(); i++) {
                if (mine.get(i).source().equals(mine.get(i - 1).source())) {
                    assertTrue(mine.get(i).at().isAfter(mine.get(i - 1).at()), "one source's events keep their order");
                }
            }
        }
        // One source's events, wherever they were in the batch, come out in the order received.
        List<ReceivedEvent> one = lanes.get(StoreLanes.lane(InetAddress.getByName("127.0.3.7"), 2)).stream()
                .filter(e -> e.source().getHostAddress().equals("127.0.3.7")).toList();
        assertEquals(10, one.size());
        for (int i = 1; i < one.size(); i++) {
            assertTrue(Integer.parseInt(one.get(i).fields().get("n")) > Integer.parseInt(one.get(i - 1).fields().get("n")));
        }
    }
}
