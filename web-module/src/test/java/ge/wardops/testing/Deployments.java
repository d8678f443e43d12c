package ge.wardops.testing;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.util.UUID;

/** The deployment every integration test runs: the WAR the build produced, unchanged. */
public final class Deployments {

    /**
     * The first administrator's password, fixed for the tests in arquillian.xml. No test tries a wrong one
     * as "admin": the shared server locks an account after three failures in a row, and a successful
     * request with remembered credentials does not reset the count, so such tries add up across classes
     * in whatever order they run, and a locked administrator fails every class after
     * ({@link TestFleet#user} makes an account of the test's own to fail with; {@code NoWrongAdminPasswordTest}).
     */
    public static final String ADMIN_PASSWORD = "It-Admin-Password-1";

    private Deployments() {
    }

    public static WebArchive war() {
        File war = new File(System.getProperty("wardops.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * A /24 of loopback addresses of its own ("127.a.b."), so that a test's devices never clash with
     * an earlier run's in the shared test database. Loopback only: probing it touches no network.
     */
    public static synchronized String net() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String prefix;
        do {
            prefix = "127." + r.nextInt(100, 200) + "." + r.nextInt(0, 256) + ".";
        } while (!HANDED_OUT.add(prefix)); // never the same /24 twice in one test run
        return prefix;
    }

    private static final java.util.Set<String> HANDED_OUT = new java.util.HashSet<>();

    /** A suffix that keeps this run's names apart from earlier runs' in the shared test database. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
