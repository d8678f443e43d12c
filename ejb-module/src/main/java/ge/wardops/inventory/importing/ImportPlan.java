package ge.wardops.inventory.importing;

import ge.wardops.inventory.DeviceDraft;
import ge.wardops.inventory.DeviceType;
import ge.wardops.inventory.NewDevice;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.IpAddresses;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the rows of an import file into devices to create, checking each row against the
 * inventory as it stands (branches, names and addresses already taken) and against the other
 * rows (duplicates within the file, parents and dependency loops). Pure logic over the lookups
 * it is given, so it is tested without a database.
 */
public final class ImportPlan {

    /**
     * What the plan needs to know of the stored inventory, fetched once per file, never per row.
     * Names and codes are lower-cased keys. {@code deviceIdsByName} and {@code deviceNamesByAddress}
     * hold every live device (names and addresses are unique across regions);
     * {@code parentIdsByName} only the devices in the caller's regions, the ones a row may name as
     * its parent: a parent in another region is "not found" like a name that does not exist.
     */
    public record Inventory(Map<String, Long> branchIdsByCodeOrName, Map<String, Long> deviceIdsByName,
                            Map<InetAddress, String> deviceNamesByAddress, Map<String, Long> snmpCredentialIdsByName,
                            Map<String, Long> parentIdsByName) {
    }

    /** The devices to create, parents before children, or the errors (then nothing is created). */
    public record Outcome(List<NewDevice> devices, List<RowError> errors) {
    }

    private ImportPlan() {
    }

    /**
     * Plans the import of {@code rows}; {@code beanValidation} gives the constraint errors of a
     * draft (the same check the API and console use), {@code progress} is told how many rows are done.
     */
    public static Outcome plan(List<CsvRow> rows, Inventory inventory,
                               Function<DeviceDraft, List<InvalidInputException.FieldError>> beanValidation,
                               java.util.function.IntConsumer progress) {
        List<RowError> errors = new ArrayList<>();
        Map<String, Integer> rowByName = new HashMap<>();
        Map<InetAddress, Integer> rowByAddress = new HashMap<>();
        List<DeviceDraft> drafts = new ArrayList<>(rows.size());
        List<String> parentNames = new ArrayList<>(rows.size());

        for (int i = 0; i < rows.size(); i++) {
            CsvRow row = rows.get(i);
            int before = errors.size();
            String name = row.get("name");
            InetAddress ip = null;
            String ipText = row.get("ip");
            if (ipText != null) {
                try {
                    ip = IpAddresses.parse("ip", ipText);
                } catch (InvalidInputException e) {
                    errors.add(new RowError(row.line(), "ip", e.errors().get(0).message()));
                }
            }
            DeviceType type = enumCell(row, "type", DeviceType.class, errors);
            Long branchId = null;
            String branch = row.get("branch");
            if (branch != null) {
                branchId = inventory.branchIdsByCodeOrName().get(branch.toLowerCase(Locale.ROOT));
                if (branchId == null) {
                    errors.add(new RowError(row.line(), "branch", "no branch with code or name '" + branch + "'"));
                }
            }
            Long credentialId = null;
            String credential = row.get("snmp_credential");
            if (credential != null) {
                credentialId = inventory.snmpCredentialIdsByName().get(credential.toLowerCase(Locale.ROOT));
                if (credentialId == null) {
                    errors.add(new RowError(row.line(), "snmp_credential", "no SNMP credential named '" + credential + "'"));
                }
            }
            Boolean enabled = booleanCell(row, "enabled", errors);
            Integer port = intCell(row, "snmp_port", errors);
            List<String> tags = row.get("tags") == null ? List.of()
                    : Arrays.stream(row.get("tags").split("[;|]")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            DeviceDraft draft = new DeviceDraft(name, ip == null ? ipText : IpAddresses.format(ip), type, row.get("vendor"),
                    row.get("model"), branchId == null ? (branch == null ? null : -1L) : branchId, null, enabled, tags,
                    row.get("description"), port, credentialId, null);
            for (InvalidInputException.FieldError e : beanValidation.apply(draft)) {
                if (!(e.field().equals("branchId") && branch != null) && !(e.field().equals("type") && row.get("type") != null)) {
                    errors.add(new RowError(row.line(), csvColumn(e.field()), e.message()));
                }
            }
            if (name != null) {
                String key = name.toLowerCase(Locale.ROOT);
                Integer first = rowByName.putIfAbsent(key, i);
                if (first != null) {
                    errors.add(new RowError(row.line(), "name", "name '" + name + "' is also on line " + rows.get(first).line()));
                } else if (inventory.deviceIdsByName().containsKey(key)) {
                    errors.add(new RowError(row.line(), "name", "a device named '" + name + "' already exists"));
                }
            }
            if (ip != null) {
                Integer first = rowByAddress.putIfAbsent(ip, i);
                if (first != null) {
                    errors.add(new RowError(row.line(), "ip", "address " + IpAddresses.format(ip) + " is also on line " + rows.get(first).line()));
                } else if (inventory.deviceNamesByAddress().containsKey(ip)) {
                    errors.add(new RowError(row.line(), "ip", "address " + IpAddresses.format(ip) + " already belongs to device '"
                            + inventory.deviceNamesByAddress().get(ip) + "'"));
                }
            }
            drafts.add(draft);
            parentNames.add(row.get("parent"));
            if ((i + 1) % 500 == 0) {
                progress.accept(i + 1);
            }
            if (errors.size() > before) {
                drafts.set(i, null);
            }
        }
        progress.accept(rows.size());

        // Parents: an existing device, or another row of this file (created first).
        Integer[] parentRow = new Integer[rows.size()];
        Long[] parentId = new Long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String parent = parentNames.get(i);
            if (parent == null) {
                continue;
            }
            String key = parent.toLowerCase(Locale.ROOT);
            if (rowByName.containsKey(key) && rowByName.get(key) != i) {
                parentRow[i] = rowByName.get(key);
            } else if (inventory.parentIdsByName().containsKey(key)) {
                parentId[i] = inventory.parentIdsByName().get(key);
            } else {
                errors.add(new RowError(rows.get(i).line(), "parent", rowByName.get(key) != null && rowByName.get(key) == i
                        ? "a device cannot be its own parent" : "no device named '" + parent + "' in the inventory or this file"));
            }
        }
        List<Integer> order = parentsFirst(parentRow, rows, errors);
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparingLong(RowError::line));
            return new Outcome(List.of(), errors);
        }
        Map<Integer, Integer> position = new HashMap<>();
        List<NewDevice> devices = new ArrayList<>(rows.size());
        for (int i : order) {
            DeviceDraft d = drafts.get(i);
            if (parentId[i] != null) {
                d = new DeviceDraft(d.name(), d.ip(), d.type(), d.vendor(), d.model(), d.branchId(), parentId[i],
                        d.enabled(), d.tags(), d.description(), d.snmpPort(), d.snmpCredentialId(), null);
            }
            position.put(i, devices.size());
            devices.add(new NewDevice(d, parentRow[i] == null ? null : position.get(parentRow[i])));
        }
        return new Outcome(devices, List.of());
    }

    /** Row indexes ordered so that each in-file parent comes before its children; loops are errors. */
    private static List<Integer> parentsFirst(Integer[] parentRow, List<CsvRow> rows, List<RowError> errors) {
        int n = parentRow.length;
        List<List<Integer>> children = new ArrayList<>(n);
        int[] waiting = new int[n];
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (parentRow[i] != null) {
                children.get(parentRow[i]).add(i);
                waiting[i] = 1;
            }
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int c : children.get(i)) {
                if (--waiting[c] == 0) {
                    ready.add(c);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (waiting[i] > 0) {
                errors.add(new RowError(rows.get(i).line(), "parent", "parents form a loop (" + rows.get(i).get("name")
                        + " depends on itself through its parents)"));
            }
        }
        return order;
    }

    private static <E extends Enum<E>> E enumCell(CsvRow row, String column, Class<E> type, List<RowError> errors) {
        String v = row.get(column);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            errors.add(new RowError(row.line(), column, "'" + v + "' is not one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static Boolean booleanCell(CsvRow row, String column, List<RowError> errors) {
        String v = row.get(column);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "on" -> true;
            case "false", "no", "n", "0", "off" -> false;
            default -> {
                errors.add(new RowError(row.line(), column, "'" + v + "' is not yes/no (true/false, 1/0)"));
                yield null;
            }
        };
    }

    private static Integer intCell(CsvRow row, String column, List<RowError> errors) {
        String v = row.get(column);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            errors.add(new RowError(row.line(), column, "'" + v + "' is not a whole number"));
            return null;
        }
    }

    private static String csvColumn(String field) {
        return switch (field) {
            case "branchId" -> "branch";
            case "snmpPort" -> "snmp_port";
            case "snmpCredentialId" -> "snmp_credential";
            default -> field.startsWith("tags") ? "tags" : field;
        };
    }
}
