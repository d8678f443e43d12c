package ge.wardops.alerting;

/**
 * Rules, maintenance windows or device groups changed: the engine drops its copy once the change
 * is committed (observed AFTER_SUCCESS, so a round in between cannot cache the old state).
 */
public record AlertConfigChanged(What what) {

    public enum What { RULES, WINDOWS, GROUPS }
}
