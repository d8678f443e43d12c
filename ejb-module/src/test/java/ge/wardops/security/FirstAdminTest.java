package ge.wardops.security;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstAdminTest {

    @Test
    void aGeneratedFirstPasswordAlwaysMeetsThePolicyAndIsNeverRepeated() {
        PasswordPolicy policy = PasswordPolicy.withMinLength(12);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String password = FirstAdmin.generate(policy);
            assertEquals(List.of(), policy.problems("password", "admin", password.toCharArray()), password);
            assertTrue(seen.add(password));
        }
    }

    @Test
    void aLongerConfiguredMinimumMakesLongerPasswords() {
        PasswordPolicy policy = PasswordPolicy.withMinLength(32);
        assertEquals(32, FirstAdmin.generate(policy).length());
    }
}
