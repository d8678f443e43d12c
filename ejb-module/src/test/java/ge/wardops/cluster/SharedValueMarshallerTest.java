package ge.wardops.cluster;

import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStatus;
import org.infinispan.commons.CacheException;
import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared values' marshaller reads what Java serialization wrote, keeps the allow list, and asks its class loader once per class. */
class SharedValueMarshallerTest {

    private static final String[] ALLOWED = {"ge\\.wardops\\..*", "java\\..*"};

    /** Counts every class the marshaller asks it for (the VM asks again only for names it has not seen through it). */
    private static final class CountingLoader extends ClassLoader {
        final AtomicInteger asked = new AtomicInteger();

        CountingLoader() {
            super(SharedValueMarshallerTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.incrementAndGet();
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void aRoundOfDeviceStatesReadsBackEqualAndOnlyAHandfulOfClassesIsResolved() throws Exception {
        CountingLoader loader = new CountingLoader();
        SharedValueMarshaller marshaller = new SharedValueMarshaller(loader, ALLOWED);
        Instant now = Instant.parse("2026-12-06T02:00:00Z");
        List<DeviceState> round = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            round.add(i % 3 == 0 ? DeviceState.down(i, now)
                    : new DeviceState(i, DeviceStatus.UP, now.minusSeconds(i), 0.05 * i, i % 7, 0, i, now));
        }
        for (DeviceState s : round) {
            assertEquals(s, marshaller.objectFromByteBuffer(marshaller.objectToByteBuffer(s)));
        }
        // DeviceState, DeviceStatus, Enum, Instant's serial form, Double, Number: a handful, not thousands
        assertTrue(marshaller.resolvedClasses() <= 8, "classes resolved: " + marshaller.resolvedClasses());
        assertTrue(loader.asked.get() <= marshaller.resolvedClasses(), "the class loader was asked " + loader.asked.get() + " times");
    }

    @Test
    void aRoundSignalReadsBackEqual() throws Exception {
        SharedValueMarshaller marshaller = new SharedValueMarshaller(getClass().getClassLoader(), ALLOWED);
        PeerSignal round = new PeerSignal("a", new ge.wardops.devicestate.StateChanges(Instant.parse("2026-12-05T10:00:10Z"),
                List.of(new ge.wardops.devicestate.DeviceStateChanged(42, DeviceStatus.UP, DeviceStatus.DOWN,
                        Instant.parse("2026-12-05T10:00:09Z"), null, 100))));
        assertEquals(round, marshaller.objectFromByteBuffer(marshaller.objectToByteBuffer(round)));
    }

    @Test
    void aClassOutsideTheAllowListIsNotRead() throws Exception {
        SharedValueMarshaller marshaller = new SharedValueMarshaller(getClass().getClassLoader(), ALLOWED);
        byte[] foreign = marshaller.objectToByteBuffer(new X500Principal("CN=intruder"));
        CacheException refused = assertThrows(CacheException.class, () -> marshaller.objectFromByteBuffer(foreign));
        assertTrue(refused.getMessage().contains("javax.security.auth.x500.X500Principal"), refused.getMessage());
        // and a value read afterwards is unaffected
        DeviceState state = DeviceState.unknown(7, Instant.EPOCH);
        assertEquals(state, marshaller.objectFromByteBuffer(marshaller.objectToByteBuffer(state)));
    }
}
