package ge.wardops.shared;

/** Reading failures for people: the innermost cause says what really went wrong. */
public final class Failures {

    private Failures() {
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < 20; depth++) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
