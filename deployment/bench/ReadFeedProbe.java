import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helper of deployment/bench/read (run with the java source launcher; not meant to be run by hand):
 * WebSocket delivery latency of the live feed. Connects to /api/v1/ws/devices, then for each device
 * given takes its loopback address out of service (ip route add blackhole ADDR/32), watches the
 * device's REST detail every 5 ms for the moment the state flips in memory, and the feed for the
 * delta carrying it; then brings the address back and does the same for the way up.
 *
 *   java ReadFeedProbe.java BASE USER PASSWORD TIMEOUT_S ID=ADDR [ID=ADDR ...]
 *
 * Prints one line per change: "change id to rest_ms ws_ms delta_bytes probe_to_ws_ms" where rest_ms
 * and ws_ms count from the route change, and at the end "snapshot_bytes N".
 */
public class ReadFeedProbe {

    record Message(String text, long atNanos) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    inbox.add(new Message(partial.toString(), System.nanoTime()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", auth).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/api/v1/ws/devices"), listener).get(30, TimeUnit.SECONDS);
        Message snapshot = inbox.poll(60, TimeUnit.SECONDS);
        if (snapshot == null || !snapshot.text().startsWith("{\"type\":\"snapshot\"")) {
            throw new IllegalStateException("no snapshot on connect: " + snapshot);
        }
        for (int i = 4; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            long id = Long.parseLong(pair[0]);
            for (String to : List.of("DOWN", "UP")) {
                inbox.clear();
                String op = to.equals("DOWN") ? "add" : "del";
                long t0 = System.nanoTime();
                Process ip = new ProcessBuilder("ip", "route", op, "blackhole", pair[1] + "/32").inheritIO().start();
                if (ip.waitFor() != 0) {
                    throw new IllegalStateException("ip route " + op + " blackhole " + pair[1] + " failed");
                }
                long restAt = -1;
                Message delta = null;
                HttpRequest detail = HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/" + id)).header("Authorization", auth).build();
                Pattern status = Pattern.compile("\"live\":\\{[^}]*\"status\":\"" + to + "\"");
                Pattern change = Pattern.compile("\\{\"deviceId\":" + id + ",\"status\":\"" + to + "\"");
                while ((restAt < 0 || delta == null) && System.nanoTime() - t0 < timeoutNanos) {
                    if (restAt < 0 && status.matcher(http.send(detail, HttpResponse.BodyHandlers.ofString()).body()).find()) {
                        restAt = System.nanoTime();
                    }
                    Message m;
                    while (delta == null && (m = inbox.poll()) != null) {
                        if (m.text().startsWith("{\"type\":\"delta\"") && change.matcher(m.text()).find()) {
                            delta = m;
                        }
                    }
                    Thread.sleep(5);
                }
                if (restAt < 0 || delta == null) {
                    throw new IllegalStateException("device " + id + " did not turn " + to + " within the timeout (rest seen: "
                            + (restAt >= 0) + ", delta seen: " + (delta != null) + ")");
                }
                Matcher since = Pattern.compile("\"since\":\"([^\"]+)\"").matcher(delta.text());
                long probeToWs = since.find() ? System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delta.atNanos())
                        - java.time.Instant.parse(since.group(1)).toEpochMilli() : -1;
                System.out.printf("change %d %s %.1f %.1f %d %d%n", id, to, (restAt - t0) / 1e6, (delta.atNanos() - t0) / 1e6,
                        delta.text().getBytes(StandardCharsets.UTF_8).length, probeToWs);
            }
        }
        System.out.println("snapshot_bytes " + snapshot.text().getBytes(StandardCharsets.UTF_8).length);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
}
