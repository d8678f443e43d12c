package ge.wardops.feed;

import java.util.function.Consumer;

/** Where one client's feed messages go: a WebSocket session in production, a list in tests. */
public interface FeedSink {

    /**
     * Sends without blocking; {@code whenDone} gets null once the text is written, or the failure.
     * The hub never has two sends of one sink in flight.
     */
    void send(String text, Consumer<Throwable> whenDone);

    /** Ends the connection, telling the client why. */
    void close(String reason);
}
