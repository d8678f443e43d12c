package ge.wardops.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A live-feed client for the tests: java.net.http's WebSocket with Basic credentials on the upgrade. */
public final class FeedClient implements WebSocket.Listener, AutoCloseable {

    /** One message as received: its text, parsed, and when it arrived. */
    public record Message(String text, JsonObject json, long receivedAtMillis) {

        public String type() {
            return json.getString("type");
        }

        public long seq() {
            return json.getJsonNumber("seq").longValue();
        }
    }

    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> closedWith = new CompletableFuture<>();
    private WebSocket socket;

    private FeedClient() {
    }

    public static URI feedUri(URL base) {
        return URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/ws/devices");
    }

    /** Starts the upgrade; the future fails with a WebSocketHandshakeException when it is refused. */
    public static CompletableFuture<FeedClient> connect(URL base, String user, String password) {
        return connect(feedUri(base), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), user, password);
    }

    /** As the console's browser connects: with {@code browser}'s cookies (its session), no credentials. */
    public static CompletableFuture<FeedClient> connect(URL base, HttpClient browser) {
        return connect(feedUri(base), browser, null, null);
    }

    /** Another feed than the devices', e.g. {@code api/v1/ws/alerts}. */
    public static CompletableFuture<FeedClient> connect(URL base, String path, String user, String password) {
        return connect(URI.create(base.toString().replaceFirst("^http", "ws")).resolve(path),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), user, password);
    }

    /** As a browser on the page at {@code origin} would connect (its Origin header), with Basic credentials. */
    public static CompletableFuture<FeedClient> connectFrom(URL base, String origin, String user, String password) {
        return connect(feedUri(base), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), user, password, origin);
    }

    private static CompletableFuture<FeedClient> connect(URI uri, HttpClient http, String user, String password) {
        return connect(uri, http, user, password, null);
    }

    private static CompletableFuture<FeedClient> connect(URI uri, HttpClient http, String user, String password, String origin) {
        FeedClient client = new FeedClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (user != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.buildAsync(uri, client).thenApply(ws -> {
            client.socket = ws;
            return client;
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long at = System.currentTimeMillis();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try (var reader = Json.createReader(new StringReader(text))) {
                received.add(new Message(text, reader.readObject(), at));
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedWith.complete(statusCode + " " + reason);
        return null;
    }

    /** "code reason" once the server closed the connection. */
    public CompletableFuture<String> closed() {
        return closedWith;
    }

    /** The next message other than a heartbeat, or null after {@code limit}. */
    public Message next(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (m == null || !"heartbeat".equals(m.type())) {
                return m;
            }
        }
    }

    /** The next message of any kind, heartbeats included, or null after {@code limit}. */
    public Message nextIncludingHeartbeats(Duration limit) throws InterruptedException {
        return received.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
