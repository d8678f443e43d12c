package ge.wardops.fleet;

import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;
import ge.wardops.shared.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One page of the live device list, filtered and sorted in memory (the fleet is already there):
 * the variant of the standalone list for fleets too big to send whole.
 *
 * @param status   up, down, unknown or disabled (a disabled device matches only "disabled")
 * @param text     matched, ignoring case, against name, address, vendor, branch and region
 * @param page     1-based
 * @param size     1 to {@link #MAX_SIZE}
 * @param sort     one of {@link #SORTS}' keys
 */
public record LiveListQuery(String status, Long region, Long branch, DeviceType type, String text, int page, int size,
                            String sort, boolean descending) {

    public static final int MAX_SIZE = 1000;

    private static final Comparator<DeviceStatusView> BY_ID = Comparator.comparingLong(DeviceStatusView::id);

    /** Sort keys; ties break by id so that pages never overlap. Nulls (no RTT, no probe yet) sort last ascending. */
    static final Map<String, Comparator<DeviceStatusView>> SORTS = Map.of(
            "id", BY_ID,
            "name", Comparator.comparing((DeviceStatusView d) -> d.name().toLowerCase(Locale.ROOT)),
            "ip", Comparator.comparing(DeviceStatusView::ip),
            "status", Comparator.comparing(DeviceStatusView::status),
            "rtt", Comparator.comparing(DeviceStatusView::rttMs, Comparator.nullsLast(Comparator.naturalOrder())),
            "loss", Comparator.comparingDouble(DeviceStatusView::lossPercent),
            "since", Comparator.comparing(DeviceStatusView::since, Comparator.nullsLast(Comparator.naturalOrder())),
            "type", Comparator.comparing(DeviceStatusView::type),
            "branch", Comparator.comparing((DeviceStatusView d) -> d.branchName().toLowerCase(Locale.ROOT)),
            "region", Comparator.comparing((DeviceStatusView d) -> d.regionName().toLowerCase(Locale.ROOT)));

    public LiveListQuery {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (status != null && !List.of("up", "down", "unknown", "disabled").contains(status)) {
            errors.add(new InvalidInputException.FieldError("status", "must be up, down, unknown or disabled, was '" + status + "'"));
        }
        if (page < 1) {
            errors.add(new InvalidInputException.FieldError("page", "must be 1 or more, was " + page));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(new InvalidInputException.FieldError("size", "must be 1 to " + MAX_SIZE + ", was " + size));
        }
        if (!SORTS.containsKey(sort)) {
            errors.add(new InvalidInputException.FieldError("sort", "must be one of " + SORTS.keySet().stream().sorted().toList()
                    + ", was '" + sort + "'"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** Parses the API's text parameters: blank means "no filter", a type is matched by name ignoring case. */
    public static LiveListQuery of(String status, Long region, Long branch, String type, String text, int page, int size,
                                   String sort, String order) {
        if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
            throw new InvalidInputException("order", "must be asc or desc, was '" + order + "'");
        }
        DeviceType parsedType = null;
        if (type != null && !type.isBlank()) {
            try {
                parsedType = DeviceType.valueOf(type.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("type", "unknown type '" + type + "'; one of " + Arrays.toString(DeviceType.values()));
            }
        }
        return new LiveListQuery(status == null || status.isBlank() ? null : status.strip().toLowerCase(Locale.ROOT), region, branch,
                parsedType, text, page, size, sort == null || sort.isBlank() ? "name" : sort.strip(), "desc".equalsIgnoreCase(order));
    }

    /**
     * The page of {@code fleet}, sorted on the spot: what {@link #pageOf} gives for the fleet already in
     * {@link #order()}, as the server keeps it per round ({@code LiveFleet.sorted}); the tests' reference.
     */
    LivePage apply(List<DeviceStatusView> fleet) {
        return pageOf(fleet.stream().sorted(order()).toList());
    }

    /** The order asked for, ties broken by id. */
    Comparator<DeviceStatusView> order() {
        Comparator<DeviceStatusView> order = SORTS.get(sort);
        return (descending ? order.reversed() : order).thenComparing(BY_ID);
    }

    /** Names {@link #order()}: equal keys, equal orders. */
    String orderKey() {
        return descending ? sort + " desc" : sort;
    }

    /** The page of {@code sorted} (already in {@link #order()}) that this query asks for, filtered. */
    LivePage pageOf(List<DeviceStatusView> sorted) {
        long from = (long) (page - 1) * size;
        if (region == null && branch == null && type == null && status == null && text == null) {
            int start = (int) Math.min(from, sorted.size());
            return new LivePage(List.copyOf(sorted.subList(start, Math.min(sorted.size(), start + size))), sorted.size(), page, size);
        }
        // One pass that counts every match and keeps only the page's.
        Predicate<DeviceStatusView> matches = matcher();
        List<DeviceStatusView> items = new ArrayList<>(Math.min(size, 128));
        long total = 0;
        for (DeviceStatusView d : sorted) {
            if (matches.test(d)) {
                if (total >= from && items.size() < size) {
                    items.add(d);
                }
                total++;
            }
        }
        return new LivePage(List.copyOf(items), total, page, size);
    }

    /** The filters as one test, with what they need worked out once per page rather than per device. */
    private Predicate<DeviceStatusView> matcher() {
        boolean disabled = "disabled".equals(status);
        DeviceStatus wanted = status == null || disabled ? null : DeviceStatus.valueOf(status.toUpperCase(Locale.ROOT));
        return d -> (region == null || d.regionId() == region)
                && (branch == null || d.branchId() == branch)
                && (type == null || d.type() == type)
                && (status == null || (disabled ? !d.enabled() : d.enabled() && d.status() == wanted))
                && (text == null || contains(d.name()) || contains(d.ip()) || contains(d.vendor()) || contains(d.branchName())
                || contains(d.regionName()));
    }

    private boolean contains(String field) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(text);
    }
}
