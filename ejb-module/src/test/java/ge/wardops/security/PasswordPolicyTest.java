package ge.wardops.security;

import ge.wardops.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.withMinLength(12);

    private List<String> problems(String user, String password) {
        return policy.problems("password", user, password.toCharArray()).stream().map(InvalidInputException.FieldError::message).toList();
    }

    @Test
    void aLongMixedPasswordWithoutTheUserNamePasses() {
        assertEquals(List.of(), problems("nino", "Tbilisi-Branch-42"));
        assertEquals(List.of(), problems("nino", "correct horse battery 7"), "lower, space, digit: three classes");
    }

    @Test
    void eachBrokenRuleIsNamed() {
        assertEquals(List.of("a password has 12 to 200 characters"), problems("nino", "Sh0rt-pass"));
        assertEquals(List.of("a password mixes at least three of: lower case, upper case, digits, other characters"),
                problems("nino", "onlylowercaseletters"));
        assertEquals(List.of("a password must not contain the user name"), problems("giorgi", "My-Giorgi-Password-1"));
        assertEquals(3, problems("abcdef", "abcdef").size());
        assertTrue(problems("nino", "x".repeat(201) + "A1").contains("a password has 12 to 200 characters"));
    }

    @Test
    void theMinimumLengthIsConfigurable() {
        PasswordPolicy strict = PasswordPolicy.withMinLength(16);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> strict.check("newPassword", "nino", "Tbilisi-Bank-1".toCharArray()));
        assertEquals("newPassword", e.errors().get(0).field());
        assertEquals("a password has 16 to 200 characters", e.errors().get(0).message());
    }
}
