package ge.wardops.inventory;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.shared.IpAddresses;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Loads a demo fleet shaped like CredoBank Georgia's (875 devices in 128 branches across the
 * country's regions) on first start, when {@code wardops.demo.devices} is above zero and the
 * inventory is empty, so that running the system twice never duplicates it. Every device gets a
 * 127.x.y.z address: loopback answers pings on Linux, so probing the demo touches no network.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class DemoFleet {

    private static final Logger LOG = Logger.getLogger(DemoFleet.class.getName());

    /** Georgia's regions with a few of their towns, Tbilisi first: it has most branches. */
    static final String[][] REGIONS = {
            {"Tbilisi", "TBS", "Tbilisi"},
            {"Adjara", "ADJ", "Batumi", "Kobuleti", "Khelvachauri"},
            {"Imereti", "IME", "Kutaisi", "Zestaponi", "Samtredia", "Chiatura", "Tkibuli"},
            {"Kvemo Kartli", "KVK", "Rustavi", "Marneuli", "Gardabani", "Bolnisi"},
            {"Kakheti", "KAK", "Telavi", "Gurjaani", "Sagarejo", "Signagi"},
            {"Samegrelo-Zemo Svaneti", "SZS", "Zugdidi", "Poti", "Senaki", "Mestia"},
            {"Shida Kartli", "SHK", "Gori", "Kaspi", "Khashuri"},
            {"Samtskhe-Javakheti", "SJA", "Akhaltsikhe", "Borjomi", "Akhalkalaki"},
            {"Mtskheta-Mtianeti", "MTM", "Mtskheta", "Dusheti", "Tianeti"},
            {"Guria", "GUR", "Ozurgeti", "Lanchkhuti"},
            {"Racha-Lechkhumi and Kvemo Svaneti", "RLK", "Ambrolauri", "Tsageri"},
    };

    /** Branches per region, in the order above, before scaling to the requested count. */
    private static final int[] WEIGHTS = {40, 14, 16, 11, 9, 10, 8, 6, 6, 5, 3};

    /** What stands in a branch, router first (the parent of the rest). */
    private static final Object[][] KIT = {
            {DeviceType.ROUTER, "Cisco", "ISR 4331", "rtr"},
            {DeviceType.SWITCH, "Cisco", "Catalyst 9200", "sw"},
            {DeviceType.ATM, "NCR", "SelfServ 84", "atm1"},
            {DeviceType.FIREWALL, "Fortinet", "FortiGate 60F", "fw"},
            {DeviceType.ATM, "Diebold Nixdorf", "DN Series 200", "atm2"},
            {DeviceType.SERVER, "Dell", "PowerEdge R350", "srv"},
            {DeviceType.ACCESS_POINT, "Cisco", "Aironet 1832", "ap"},
            {DeviceType.UPS, "APC", "Smart-UPS 3000", "ups"},
            {DeviceType.CAMERA, "Hikvision", "DS-2CD2143", "cam"},
            {DeviceType.PRINTER, "HP", "LaserJet M507", "prn"},
    };

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    AuditLog audit;

    @Inject
    InventorySettings settings;

    @PostConstruct
    void loadIfEmpty() {
        if (settings.demoDevices() <= 0) {
            return;
        }
        long existing = em.createQuery("select count(r) from Region r", Long.class).getSingleResult()
                + em.createQuery("select count(d) from Device d", Long.class).getSingleResult();
        if (existing > 0) {
            LOG.info("Demo fleet not loaded: the inventory is not empty");
            return;
        }
        load(Math.max(1, Math.min(settings.demoBranches(), settings.demoDevices())), settings.demoDevices());
    }

    private void load(int branches, int devices) {
        List<Region> regions = new ArrayList<>();
        for (String[] r : REGIONS) {
            Region region = new Region(r[0], r[1]);
            em.persist(region);
            regions.add(region);
        }
        int[] perRegion = spread(branches);
        List<Branch> allBranches = new ArrayList<>();
        for (int r = 0; r < REGIONS.length; r++) {
            String[] towns = REGIONS[r];
            for (int i = 0; i < perRegion[r]; i++) {
                String town = towns[2 + i % (towns.length - 2)];
                int n = allBranches.size() + 1;
                String name = town + " " + (i / (towns.length - 2) + 1);
                Branch branch = new Branch(regions.get(r), new BranchDraft(regions.get(r).getId(), name,
                        String.format("BR%03d", n), town, null, null, null, null));
                em.persist(branch);
                allBranches.add(branch);
            }
        }
        // Round-robin the kit over the branches: every branch gets its router first.
        int made = 0;
        Device[] routers = new Device[allBranches.size()];
        for (int slot = 0; made < devices; slot++) {
            Object[] kit = KIT[Math.min(slot, KIT.length - 1)];
            for (int b = 0; b < allBranches.size() && made < devices; b++) {
                Branch branch = allBranches.get(b);
                String name = branch.getCode().toLowerCase() + "-" + kit[3] + (slot >= KIT.length ? "-" + slot : "");
                String ip = "127." + (20 + b / 250) + "." + (b % 250) + "." + (slot + 1);
                Device device = new Device(name, IpAddresses.parse("ip", ip), (DeviceType) kit[0], branch,
                        slot == 0 ? null : routers[b]);
                device.describe((String) kit[1], (String) kit[2], "demo fleet", List.of("demo"), true, 161, null);
                em.persist(device);
                if (slot == 0) {
                    routers[b] = device;
                }
                made++;
            }
        }
        audit.record(AuditEntry.of(AuditAction.DEMO_FLEET_LOADED, "inventory", null)
                .withDetails(made + " devices in " + allBranches.size() + " branches, " + regions.size() + " regions"));
        LOG.info("Demo fleet loaded: " + made + " devices in " + allBranches.size() + " branches");
    }

    /** Splits {@code branches} over the regions by weight, at least one each. */
    static int[] spread(int branches) {
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int[] counts = new int[WEIGHTS.length];
        int assigned = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            counts[i] = Math.max(1, branches * WEIGHTS[i] / total);
            assigned += counts[i];
        }
        // Rounding leftovers go to (or come from) Tbilisi.
        counts[0] = Math.max(1, counts[0] + branches - assigned);
        return counts;
    }
}
