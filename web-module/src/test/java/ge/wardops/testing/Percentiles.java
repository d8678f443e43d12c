package ge.wardops.testing;

import java.util.List;

/** Nearest-rank percentiles of a benchmark's sorted latencies. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (1..100) of {@code sorted}, or -1 when there is nothing. */
    public static long of(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
