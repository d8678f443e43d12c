package ge.wardops.fleet;

import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The paged list's filter pass (deployment/bench/list-search): what one page with a text or status
 * filter costs over a sorted fleet of demo-shaped devices ({@link LiveListQuery#pageOf}), next to the
 * filter it replaced, run in the same process and alternated batch by batch (the peer: the wanted
 * status parsed from its name for every device; the text matched the same way by both, each field
 * lower-cased into a copy). Not a test: a main class printing
 * one JSON line (µs per page, median and best of the batches, and bytes allocated per page).
 *
 * <p>Arguments: DEVICES BATCHES PAGES_PER_BATCH
 */
public final class LiveListSearchBenchmark {

    private static final String[] REGIONS = {"Tbilisi", "Adjara", "Imereti", "Kvemo Kartli", "Kakheti", "Samegrelo-Zemo Svaneti",
            "Shida Kartli", "Samtskhe-Javakheti", "Mtskheta-Mtianeti", "Guria", "Racha-Lechkhumi and Kvemo Svaneti"};
    private static final String[] TOWNS = {"Tbilisi", "Batumi", "Kutaisi", "Rustavi", "Telavi", "Zugdidi", "Gori", "Borjomi",
            "Mtskheta", "Ozurgeti", "Ambrolauri"};
    private static final String[] KIT = {"rtr", "fw", "sw", "atm1", "atm2", "atm3", "ups"};
    private static final DeviceType[] TYPES = {DeviceType.ROUTER, DeviceType.FIREWALL, DeviceType.SWITCH, DeviceType.ATM, DeviceType.ATM,
            DeviceType.ATM, DeviceType.UPS};
    private static final String[] VENDORS = {"Cisco", "Fortinet", "Cisco", "NCR", "NCR", "Diebold", "APC"};

    private LiveListSearchBenchmark() {
    }

    public static void main(String[] args) {
        int devices = Integer.parseInt(args[0]);
        int batches = Integer.parseInt(args[1]);
        int pages = Integer.parseInt(args[2]);
        List<DeviceStatusView> fleet = fleet(devices);
        List<DeviceStatusView> sorted = fleet.stream().sorted(LiveListQuery.of(null, null, null, null, null, 1, 50, "name", null).order())
                .toList();
        String[][] queries = {{"text atm", null, "atm"}, {"text batumi", null, "batumi"}, {"text 10.1.2", null, "10.1.2"},
                {"status down", "down", null}, {"status up + text rtr", "up", "rtr"}};
        StringBuilder json = new StringBuilder("{\"devices\":" + devices + ",\"batches\":" + batches + ",\"pagesPerBatch\":" + pages
                + ",\"queries\":[");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int q = 0; q < queries.length; q++) {
            LiveListQuery query = LiveListQuery.of(queries[q][1], null, null, null, queries[q][2], 1, 50, "name", null);
            double[] now = new double[batches];
            double[] before = new double[batches];
            long nowBytes = 0;
            long beforeBytes = 0;
            for (int b = 0; b < batches; b++) {
                boolean nowFirst = b % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean isNow = nowFirst == (turn == 0);
                    long bytes = threads.getCurrentThreadAllocatedBytes();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < pages; i++) {
                        sink += isNow ? query.pageOf(sorted).total() : peer(query, sorted).total();
                    }
                    double micros = (System.nanoTime() - t0) / 1000.0 / pages;
                    long allocated = (threads.getCurrentThreadAllocatedBytes() - bytes) / pages;
                    if (isNow) {
                        now[b] = micros;
                        nowBytes = allocated;
                    } else {
                        before[b] = micros;
                        beforeBytes = allocated;
                    }
                }
                if (query.pageOf(sorted).total() != peer(query, sorted).total()) {
                    throw new IllegalStateException("the two filters disagree on " + queries[q][0]);
                }
            }
            // the first third of the batches is warm-up
            double[] nowKept = Arrays.copyOfRange(now, batches / 3, batches);
            double[] beforeKept = Arrays.copyOfRange(before, batches / 3, batches);
            json.append(q == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"query\":\"%s\",\"matches\":%d,\"now\":{\"p50Micros\":%.1f,\"bestMicros\":%.1f,\"bytesPerPage\":%d},"
                            + "\"before\":{\"p50Micros\":%.1f,\"bestMicros\":%.1f,\"bytesPerPage\":%d}}",
                    queries[q][0], query.pageOf(sorted).total(), median(nowKept), min(nowKept), nowBytes, median(beforeKept), min(beforeKept),
                    beforeBytes));
        }
        System.out.println(json.append("],\"sink\":").append(sink).append('}'));
    }

    /** The filter pass as it was before (2026-12-07): the status parsed per device. */
    private static LivePage peer(LiveListQuery q, List<DeviceStatusView> sorted) {
        Predicate<DeviceStatusView> matches = d -> (q.status() == null || (q.status().equals("disabled") ? !d.enabled()
                : d.enabled() && d.status() == DeviceStatus.valueOf(q.status().toUpperCase(Locale.ROOT))))
                && (q.text() == null || lowered(d.name(), q.text()) || lowered(d.ip(), q.text()) || lowered(d.vendor(), q.text())
                || lowered(d.branchName(), q.text()) || lowered(d.regionName(), q.text()));
        long from = (long) (q.page() - 1) * q.size();
        List<DeviceStatusView> items = new ArrayList<>();
        long total = 0;
        for (DeviceStatusView d : sorted) {
            if (matches.test(d)) {
                if (total >= from && items.size() < q.size()) {
                    items.add(d);
                }
                total++;
            }
        }
        return new LivePage(List.copyOf(items), total, q.page(), q.size());
    }

    private static boolean lowered(String field, String text) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(text);
    }

    /** Devices named as the demo names them: a branch code, its kit; branches by town, regions of Georgia. */
    static List<DeviceStatusView> fleet(int devices) {
        Instant t = Instant.parse("2026-12-07T06:00:00Z");
        List<DeviceStatusView> out = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            int branch = i / KIT.length;
            int region = branch % REGIONS.length;
            int kit = i % KIT.length;
            DeviceStatus status = i % 97 == 0 ? DeviceStatus.DOWN : i % 211 == 0 ? DeviceStatus.UNKNOWN : DeviceStatus.UP;
            out.add(new DeviceStatusView(i + 1, String.format(Locale.ROOT, "br%03d-%s", branch + 1, KIT[kit]),
                    "10." + (branch / 250 + 1) + "." + (branch % 250) + "." + (kit + 1), TYPES[kit], VENDORS[kit], branch + 1,
                    TOWNS[region] + " " + (branch / REGIONS.length + 1), region + 1, REGIONS[region], i % 501 != 0, status, t,
                    status == DeviceStatus.UP ? 1.0 + (i % 40) / 10.0 : null, status == DeviceStatus.UP ? 0 : 100, t));
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }
}
