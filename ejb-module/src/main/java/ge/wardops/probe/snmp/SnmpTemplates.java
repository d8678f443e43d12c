package ge.wardops.probe.snmp;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vendor templates of {@value #RESOURCE}: which items to collect from which kind of device.
 * They are data so that supporting another vendor's MIB is an edit of that file, not of code. A
 * template may extend one other; its items are the parent's plus its own (an own item replaces a
 * parent's of the same name).
 */
public final class SnmpTemplates {

    public static final String RESOURCE = "snmp-templates.json";
    /** The template of a device whose vendor no template claims: MIB-2 works everywhere. */
    public static final String GENERIC = "generic";

    private final Map<String, List<SnmpItem>> items;
    private final Map<String, String> templateByVendor;

    private SnmpTemplates(Map<String, List<SnmpItem>> items, Map<String, String> templateByVendor) {
        this.items = items;
        this.templateByVendor = templateByVendor;
    }

    /** The templates shipped in the EJB module. */
    public static SnmpTemplates load() {
        try (InputStream in = SnmpTemplates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Templates from any JSON of the same shape; refuses the whole file on the first mistake. */
    public static SnmpTemplates read(InputStream json) {
        JsonObject root;
        try (JsonReader reader = Json.createReader(json)) {
            root = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("SNMP templates are not a JSON object: " + e.getMessage(), e);
        }
        Map<String, List<SnmpItem>> resolved = new LinkedHashMap<>();
        Map<String, String> byVendor = new LinkedHashMap<>();
        for (String name : root.keySet()) {
            resolved.put(name, resolve(root, name, new ArrayList<>()));
            for (JsonValue vendor : root.getJsonObject(name).getJsonArray("vendors") == null
                    ? List.<JsonValue>of() : root.getJsonObject(name).getJsonArray("vendors")) {
                byVendor.put(((JsonString) vendor).getString().toLowerCase(Locale.ROOT), name);
            }
        }
        if (!resolved.containsKey(GENERIC)) {
            throw new IllegalArgumentException("SNMP templates need a '" + GENERIC + "' template for unknown vendors");
        }
        return new SnmpTemplates(Map.copyOf(resolved), Map.copyOf(byVendor));
    }

    private static List<SnmpItem> resolve(JsonObject root, String name, List<String> path) {
        if (path.contains(name)) {
            throw new IllegalArgumentException("SNMP templates extend each other in a circle: " + path + " -> " + name);
        }
        path.add(name);
        JsonObject template = root.getJsonObject(name);
        if (template == null) {
            throw new IllegalArgumentException("SNMP template '" + path.get(0) + "' extends unknown template '" + name + "'");
        }
        Map<String, SnmpItem> byName = new LinkedHashMap<>();
        String parent = template.getString("extends", null);
        if (parent != null) {
            resolve(root, parent, path).forEach(item -> byName.put(item.name(), item));
        }
        for (JsonObject item : template.getJsonArray("items").getValuesAs(JsonObject.class)) {
            try {
                SnmpItem parsed = new SnmpItem(item.getString("name"), item.getString("oid"),
                        SnmpItem.Kind.valueOf(item.getString("kind")));
                byName.put(parsed.name(), parsed);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("SNMP template '" + name + "' has a bad item " + item + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(byName.values());
    }

    public Set<String> names() {
        return items.keySet();
    }

    /** The items of one template, its parents' included. */
    public List<SnmpItem> items(String template) {
        List<SnmpItem> found = items.get(template);
        if (found == null) {
            throw new IllegalArgumentException("no SNMP template '" + template + "'; there are " + items.keySet());
        }
        return found;
    }

    /** The template for a device of this vendor (as the inventory spells it, any case); generic if none claims it. */
    public String templateFor(String vendor) {
        return vendor == null ? GENERIC : templateByVendor.getOrDefault(vendor.strip().toLowerCase(Locale.ROOT), GENERIC);
    }
}
