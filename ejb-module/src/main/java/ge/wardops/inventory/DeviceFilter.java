package ge.wardops.inventory;

/**
 * Which devices a list shows. Every field is optional; {@code text} matches name, address,
 * vendor and model. {@code status} is one of up, down, disabled.
 */
public record DeviceFilter(Long regionId, Long branchId, DeviceType type, String vendor,
                           String status, String text, String tag) {

    public static DeviceFilter all() {
        return new DeviceFilter(null, null, null, null, null, null, null);
    }
}
