package ge.wardops.history;

import java.util.function.Function;

/**
 * What the history cache keeps for one key: the history, and the form an adapter sends it in (for
 * the REST API its JSON bytes, ETag and gzip form), built on the first request that needs it and
 * then reused by every hit until the entry expires. A cache hit thus costs the adapter no
 * serialization. Two first requests racing may both build it; the results are equal and either is kept.
 */
public final class CachedHistory {

    private final DeviceHistory history;
    private volatile Object rendered;

    CachedHistory(DeviceHistory history) {
        this.history = history;
    }

    public DeviceHistory history() {
        return history;
    }

    /** The one rendering this entry keeps ({@code render} runs only while there is none yet). */
    @SuppressWarnings("unchecked")
    <R> R rendered(Function<DeviceHistory, R> render) {
        Object r = rendered;
        if (r == null) {
            r = render.apply(history);
            rendered = r;
        }
        return (R) r;
    }
}
