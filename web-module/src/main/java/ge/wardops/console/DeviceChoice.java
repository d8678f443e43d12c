package ge.wardops.console;

import ge.wardops.inventory.DeviceView;

import java.io.Serializable;

/** A device as a picker offers it (the parent field): enough to show it and to send its id. */
public record DeviceChoice(long id, String name, String ip) implements Serializable {

    static DeviceChoice of(DeviceView d) {
        return new DeviceChoice(d.id(), d.name(), d.ip());
    }
}
