package ge.wardops.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoFleetTest {

    @ParameterizedTest
    @ValueSource(ints = {11, 20, 128, 500, 1000})
    void branchesAreSpreadOverEveryRegionAndAddUpToTheRequest(int branches) {
        int[] spread = DemoFleet.spread(branches);
        assertEquals(DemoFleet.REGIONS.length, spread.length);
        assertEquals(branches, Arrays.stream(spread).sum());
        assertTrue(Arrays.stream(spread).allMatch(n -> n >= 1));
    }

    @Test
    void tbilisiHasTheMostBranches() {
        int[] spread = DemoFleet.spread(128);
        assertEquals(Arrays.stream(spread).max().getAsInt(), spread[0]);
    }
}
