package ge.wardops.inventory.importing;

/** What is wrong with one line of an import file: {@code line} counts from 1, the header is line 1. */
public record RowError(long line, String field, String message) {
}
