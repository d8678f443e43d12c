package ge.wardops.alerting;

import java.time.Instant;
import java.util.List;

/** One alert with everything that happened to it: comments and its full history. */
public record AlertDetail(AlertSnapshot alert, String ackComment, String resolvedBy, Long durationSeconds,
                          List<Comment> comments, List<HistoryEntry> history) {

    public record Comment(long id, String author, String body, Instant at) {
    }

    public record HistoryEntry(String kind, String actor, String comment, Instant at) {
    }
}
