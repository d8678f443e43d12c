package ge.wardops.audit;

/**
 * What an audit row says was done. The names are the {@code action} column's values (and the
 * audit filter's), so a constant is never renamed, only added.
 */
public enum AuditAction {
    CREATE, UPDATE, DELETE,
    /** A notification channel's test message. */
    TEST,
    ACKNOWLEDGE, COMMENT, RESOLVE,
    REVOKE, UNLOCK,
    LOGIN, LOGIN_FAILED, LOGIN_REFUSED, LOGOUT, LOGOUT_EVERYWHERE, SESSION_ENDED,
    PASSWORD_CHANGE, PASSWORD_CHANGE_FAILED, PASSWORD_RESET,
    ACCESS_DENIED, ACCESS_DENIED_REPEATED,
    IMPORT, IMPORT_FAILED, EXPORT, DEMO_FLEET_LOADED,
    /** A report generated (on request or by a schedule); its downloads are EXPORTs. */
    GENERATE,
    /** A report opened on screen (its sections read: the same numbers as its documents). */
    VIEW,
    /** Old audit rows moved to the archive (retention). */
    ARCHIVE
}
