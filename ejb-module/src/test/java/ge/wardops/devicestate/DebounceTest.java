package ge.wardops.devicestate;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DebounceTest {

    private final Debounce debounce = new Debounce(3, 2);
    private final Instant t0 = Instant.parse("2026-11-28T10:00:00Z");

    private DeviceState run(DeviceState s, boolean... rounds) {
        for (int i = 0; i < rounds.length; i++) {
            s = debounce.next(s, rounds[i], rounds[i] ? 0.05 : null, rounds[i] ? 0 : 100, t0.plusSeconds(10L * (i + 1)));
        }
        return s;
    }

    @Test
    void anUnknownDeviceIsUpAtItsFirstAnswer() {
        DeviceState s = run(DeviceState.unknown(1, t0), true);
        assertEquals(DeviceStatus.UP, s.status());
        assertEquals(t0.plusSeconds(10), s.since());
        assertEquals(0.05, s.rttMs());
    }

    @Test
    void oneOrTwoLostRoundsDoNotMakeADeviceDown() {
        DeviceState up = run(DeviceState.unknown(1, t0), true);
        DeviceState s = run(up, false, false, true, false, false, true);
        assertEquals(DeviceStatus.UP, s.status());
        assertEquals(up.since(), s.since(), "no change, so 'since' stays");
    }

    @Test
    void threeLostRoundsInARowMakeItDownSinceTheThird() {
        DeviceState s = run(run(DeviceState.unknown(1, t0), true), false, false, false);
        assertEquals(DeviceStatus.DOWN, s.status());
        assertEquals(t0.plusSeconds(30), s.since());
        assertEquals(null, s.rttMs());
        assertEquals(100, s.lossPercent());
    }

    @Test
    void aDownDeviceNeedsTwoGoodRoundsToBeUpAgain() {
        DeviceState down = DeviceState.down(1, t0);
        assertEquals(DeviceStatus.DOWN, run(down, true).status());
        assertEquals(DeviceStatus.DOWN, run(down, true, false, true).status(), "a lost round in between starts over");
        DeviceState up = run(down, true, true);
        assertEquals(DeviceStatus.UP, up.status());
        assertEquals(t0.plusSeconds(20), up.since());
    }

    @Test
    void anUnknownDeviceThatNeverAnswersIsDownAfterThreeRounds() {
        assertEquals(DeviceStatus.UNKNOWN, run(DeviceState.unknown(1, t0), false, false).status());
        assertEquals(DeviceStatus.DOWN, run(DeviceState.unknown(1, t0), false, false, false).status());
    }

    @Test
    void thresholdsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Debounce(0, 1));
    }

    @Test
    void theFirstUpAfterARestartIsNotWorthARowButEveryOtherChangeIs() {
        assertEquals(false, StateChangeRecorder.worthARow(new DeviceStateChanged(1, DeviceStatus.UNKNOWN, DeviceStatus.UP, t0, 1.0, 0)));
        assertEquals(true, StateChangeRecorder.worthARow(new DeviceStateChanged(1, DeviceStatus.UNKNOWN, DeviceStatus.DOWN, t0, null, 100)));
        assertEquals(true, StateChangeRecorder.worthARow(new DeviceStateChanged(1, DeviceStatus.DOWN, DeviceStatus.UP, t0, 1.0, 0)));
        assertEquals(true, StateChangeRecorder.worthARow(new DeviceStateChanged(1, DeviceStatus.UP, DeviceStatus.DOWN, t0, null, 100)));
    }
}
