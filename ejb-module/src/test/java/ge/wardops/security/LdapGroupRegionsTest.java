package ge.wardops.security;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LdapGroupRegionsTest {

    @Test
    void groupsMapToRegionCodesCaseInsensitivelyByGroup() {
        Map<String, Set<String>> map = LdapDirectory.regionMapping(" NOC-West = TBS , noc-west=KUT,noc-east=BAT,");
        assertEquals(Map.of("noc-west", Set.of("TBS", "KUT"), "noc-east", Set.of("BAT")), map);
    }

    @Test
    void nothingConfiguredMapsNothing() {
        assertTrue(LdapDirectory.regionMapping("").isEmpty());
    }

    @Test
    void aPairWithoutGroupOrCodeStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> LdapDirectory.regionMapping("noc-west"));
        assertThrows(IllegalStateException.class, () -> LdapDirectory.regionMapping("=TBS"));
        assertThrows(IllegalStateException.class, () -> LdapDirectory.regionMapping("noc-west="));
        assertThrows(IllegalStateException.class, () -> LdapDirectory.regionMapping("noc-west=" + "X".repeat(21)));
    }
}
