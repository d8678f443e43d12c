package ge.wardops.events;

import java.time.Instant;
import java.util.List;

/**
 * A MIB file as the list shows it: a bundled one ({@code bundled}, no id) or one an
 * administrator added.
 */
public record MibView(Long id, String fileName, List<String> modules, boolean bundled, int bytes, String uploadedBy,
                      Instant uploadedAt) {

    static MibView of(EventMib m) {
        return new MibView(m.getId(), m.getFileName(), List.of(m.getModules().split(",")), false, m.getBytes(), m.getUploadedBy(),
                m.getUploadedAt());
    }
}
