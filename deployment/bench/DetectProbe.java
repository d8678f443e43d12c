import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helper of deployment/bench/detect (run with the java source launcher; not meant to be run by hand):
 * how long an outage takes to show as DOWN, and a recovery as UP, in the REST API and on the
 * WebSocket feed, with many devices going down at random moments. Connects to /api/v1/ws/devices;
 * gives every device an outage moment drawn uniformly from [0, WINDOW_S) (so every phase of the
 * round is hit), takes its loopback address out of service then (iptables -I INPUT -d ADDR/32 -j DROP: its
 * packets vanish, as in a real outage),
 * and watches the REST API (the live list's DOWN devices, /api/v1/devices/standalone/page?status=down,
 * one request a sweep, a sweep every ~20 ms) and the feed for the change; once every device is DOWN
 * (or the limit passed) it brings them back the same way, each at its own random moment, and measures
 * UP (gone from the DOWN list). One request a sweep, not one per pending device: 50 detail requests
 * every 20 ms kept the server's two CPUs busy while it probed (the rounds' fping took 1.7-2.0 s under
 * that load, 1.5-1.8 s with one request a sweep, the same settings); a benchmark should not load what
 * it measures. The feed's times, which need no polling, moved within run-to-run noise.
 *
 *   java DetectProbe.java BASE USER PASSWORD WINDOW_S LIMIT_S SEED ID=ADDR [ID=ADDR ...]
 *
 * Prints one line per change, "change ID TO rest_ms ws_ms" (from the moment it was taken out or brought back; -1 when not seen
 * within the limit), then "sweep_ms P50" (the REST resolution) and "summary TO n p50 p95 max" for
 * each of rest and ws.
 */
public class DetectProbe {

    record Target(long id, String address) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        double windowS = Double.parseDouble(args[3]);
        long limitNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        Random random = new Random(Long.parseLong(args[5]));
        List<Target> targets = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            targets.add(new Target(Long.parseLong(p[0]), p[1]));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        // device id + target status -> when the feed said so (nanoTime)
        Map<String, Long> feedSeen = new ConcurrentHashMap<>();
        Pattern change = Pattern.compile("\\{\"deviceId\":(\\d+),\"status\":\"(UP|DOWN|UNKNOWN)\"");
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    long at = System.nanoTime();
                    Matcher m = change.matcher(partial);
                    while (m.find()) {
                        feedSeen.putIfAbsent(m.group(1) + "/" + m.group(2), at);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", auth)
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/api/v1/ws/devices"), listener).get(30, TimeUnit.SECONDS);
        List<Long> sweeps = Collections.synchronizedList(new ArrayList<>());
        try {
            List<double[]> down = phase(http, base, auth, targets, "DOWN", "add", windowS, limitNanos, random, feedSeen, sweeps);
            List<double[]> up = phase(http, base, auth, targets, "UP", "del", windowS, limitNanos, random, feedSeen, sweeps);
            List<Long> s = new ArrayList<>(sweeps);
            Collections.sort(s);
            System.out.println("sweep_ms " + (s.isEmpty() ? -1 : s.get(s.size() / 2)));
            summary("DOWN", down);
            summary("UP", up);
        } finally {
            for (Target t : targets) {
                route("del", t.address());
            }
            ws.abort();
        }
    }

    /** Changes every target's route at its own random moment and waits for each to show {@code to}; answers [rest_ms, ws_ms] per target. */
    static List<double[]> phase(HttpClient http, String base, String auth, List<Target> targets, String to, String routeOp,
                                double windowS, long limitNanos, Random random, Map<String, Long> feedSeen, List<Long> sweeps)
            throws Exception {
        int n = targets.size();
        long[] offset = new long[n];
        for (int i = 0; i < n; i++) {
            offset[i] = (long) (random.nextDouble() * windowS * 1e9);
        }
        long[] changedAt = new long[n];
        long[] restAt = new long[n];
        java.util.Arrays.fill(changedAt, -1);
        java.util.Arrays.fill(restAt, -1);
        Pattern row = Pattern.compile("\"id\":(\\d+)[,}]"); // the rows' keys come sorted: "id" is not the first
        HttpRequest downList = HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/standalone/page?status=down&size=1000&sort=id"))
                .header("Authorization", auth).timeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        long deadline = start + (long) (windowS * 1e9) + limitNanos;
        int pending = n;
        while (pending > 0 && System.nanoTime() < deadline) {
            long sweepStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (changedAt[i] < 0 && System.nanoTime() - start >= offset[i]) {
                    route(routeOp, targets.get(i).address());
                    changedAt[i] = System.nanoTime();
                    feedSeen.remove(targets.get(i).id() + "/" + to);
                }
            }
            HttpResponse<String> answer = http.send(downList, HttpResponse.BodyHandlers.ofString());
            long seenAt = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + downList.uri() + " answered " + answer.statusCode() + ": " + answer.body());
            }
            java.util.Set<Long> down = new java.util.HashSet<>();
            Matcher m = row.matcher(answer.body());
            while (m.find()) {
                down.add(Long.parseLong(m.group(1)));
            }
            for (int i = 0; i < n; i++) {
                if (changedAt[i] >= 0 && restAt[i] < 0 && down.contains(targets.get(i).id()) == to.equals("DOWN")) {
                    restAt[i] = seenAt;
                    pending--;
                }
            }
            sweeps.add((System.nanoTime() - sweepStart) / 1_000_000);
            Thread.sleep(20);
        }
        Thread.sleep(2000); // the feed's last deltas
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Target t = targets.get(i);
            Long ws = feedSeen.get(t.id() + "/" + to);
            double restMs = restAt[i] < 0 || changedAt[i] < 0 ? -1 : (restAt[i] - changedAt[i]) / 1e6;
            double wsMs = ws == null || changedAt[i] < 0 || ws < changedAt[i] ? -1 : (ws - changedAt[i]) / 1e6;
            System.out.printf(java.util.Locale.ROOT, "change %d %s %.0f %.0f%n", t.id(), to, restMs, wsMs);
            out.add(new double[]{restMs, wsMs});
        }
        return out;
    }

    static void summary(String to, List<double[]> rows) {
        for (int k = 0; k < 2; k++) {
            List<Double> v = new ArrayList<>();
            int missed = 0;
            for (double[] r : rows) {
                if (r[k] < 0) {
                    missed++;
                } else {
                    v.add(r[k]);
                }
            }
            Collections.sort(v);
            System.out.printf(java.util.Locale.ROOT, "summary %s %s n=%d missed=%d p50=%.1f p95=%.1f max=%.1f%n", to, k == 0 ? "rest" : "ws",
                    v.size(), missed, pct(v, 0.50) / 1000, pct(v, 0.95) / 1000, v.isEmpty() ? -1 : v.get(v.size() - 1) / 1000);
        }
    }

    /** Nearest-rank percentile, in the unit given. */
    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1000;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * Takes an address out of service ("add") or back ("del") the way a real outage looks to the
     * prober: its packets are dropped silently on the way in (iptables INPUT DROP), so fping waits
     * for answers that never come. A blackhole route or an OUTPUT drop would make every send fail at
     * once, and fping would learn of the loss without waiting: faster than any real outage.
     */
    static void route(String op, String address) throws Exception {
        Process p = new ProcessBuilder("iptables", op.equals("add") ? "-I" : "-D", "INPUT", "-d", address + "/32", "-j", "DROP")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
