package ge.wardops.inventory;

/** What a device is; decides its icon, its default probes and the rule scopes it falls under. */
public enum DeviceType {
    ROUTER, SWITCH, FIREWALL, ATM, SERVER, ACCESS_POINT, PRINTER, CAMERA, UPS, OTHER
}
