package ge.wardops.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a longer, filtered list, with the total so that a client can page through it. */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, offset, limit);
    }
}
