package ge.wardops.notify;

/** What a notice says about its alert; {@link #TEST} is a channel's test message, about no alert. */
public enum NoticeKind {
    FIRING,
    RESOLVED,
    ESCALATED,
    FLAPPING,
    TEST
}
