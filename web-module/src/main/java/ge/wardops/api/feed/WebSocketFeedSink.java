package ge.wardops.api.feed;

import ge.wardops.feed.FeedSink;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.function.Consumer;

/** Sends through the session's asynchronous remote, so no thread waits on a slow client's socket. */
record WebSocketFeedSink(Session session) implements FeedSink {

    @Override
    public void send(String text, Consumer<Throwable> whenDone) {
        if (!session.isOpen()) {
            whenDone.accept(new IOException("closed"));
            return;
        }
        session.getAsyncRemote().sendText(text, result -> whenDone.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public void close(String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, reason));
            }
        } catch (IOException e) {
            // Already gone.
        }
    }
}
