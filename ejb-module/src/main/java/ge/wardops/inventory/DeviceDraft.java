package ge.wardops.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What a caller sends to create or change a device: the REST API, the console form and the CSV
 * import all build one of these, so all three accept and refuse exactly the same input.
 */
public record DeviceDraft(
        @NotBlank(message = "a device needs a name") @Size(max = 120) String name,
        @NotBlank(message = "a device needs an IP address") @Size(max = 45) String ip,
        @NotNull(message = "a device needs a type (" + DeviceDraft.TYPES + ")") DeviceType type,
        @Size(max = 60) String vendor,
        @Size(max = 100) String model,
        @NotNull(message = "a device belongs to a branch") Long branchId,
        Long parentId,
        Boolean enabled,
        @Size(max = 20, message = "at most 20 tags")
        List<@NotBlank @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9_.:-]+",
                message = "tags use letters, digits and . _ : - only") String> tags,
        @Size(max = 500) String description,
        @Min(1) @Max(65535) Integer snmpPort,
        Long snmpCredentialId,
        Long version) {

    static final String TYPES = "ROUTER, SWITCH, FIREWALL, ATM, SERVER, ACCESS_POINT, PRINTER, CAMERA, UPS, OTHER";
}
