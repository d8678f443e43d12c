package ge.wardops.events;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * How the store workers share a drained batch: by source address, so that every event of one
 * source goes to the same worker, in the order received. Workers store in parallel (PostgreSQL
 * inserts on two connections use both cores), and what the rules rely on holds: a device's linkDown
 * is applied before its later linkUp.
 */
final class StoreLanes {

    private StoreLanes() {
    }

    /** The worker (0 .. lanes-1) that stores events of {@code source}. */
    static int lane(InetAddress source, int lanes) {
        return Math.floorMod(source.hashCode(), lanes);
    }

    /** {@code batch} split per lane, each list in the batch's order; empty lists for lanes with nothing. */
    static List<List<ReceivedEvent>> split(List<ReceivedEvent> batch, int lanes) {
        List<List<ReceivedEvent>> out = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            out.add(new ArrayList<>());
        }
        for (ReceivedEvent e : batch) {
            out.get(lane(e.source(), lanes)).add(e);
        }
        return out;
    }
}
