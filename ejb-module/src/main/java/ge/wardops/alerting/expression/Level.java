package ge.wardops.alerting.expression;

/** What one evaluation of a condition is about: one device, or all devices of a branch or region. */
public enum Level {
    DEVICE, BRANCH, REGION;

    public String subjectKey(long id) {
        return name().toLowerCase() + ":" + id;
    }
}
