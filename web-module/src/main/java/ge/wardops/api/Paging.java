package ge.wardops.api;

import ge.wardops.shared.Page;

import java.util.List;

/** The JSON shape of one page of a list: the items, how many there are in all, and where this page starts. */
public record Paging<T>(List<T> items, long total, int offset, int limit) {

    static <T> Paging<T> of(Page<T> page) {
        return new Paging<>(page.items(), page.total(), page.offset(), page.limit());
    }
}
