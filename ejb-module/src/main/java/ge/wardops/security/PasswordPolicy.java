package ge.wardops.security;

import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a password must be before it is stored, on create, change and reset alike: long enough
 * ({@code wardops.password.min-length}, 12 by default, as NIST 800-63B and the bank's policy ask),
 * at most 200 characters, at least three of lower case, upper case, digits and other characters,
 * and not containing the user name. "Not the old one" needs the stored hash, so OwnAccount
 * checks that itself.
 */
@ApplicationScoped
public class PasswordPolicy {

    static final int MAX_LENGTH = 200;

    @Inject
    SecuritySettings settings;

    private int minLength;

    protected PasswordPolicy() {
        // for CDI
    }

    @PostConstruct
    void start() {
        minLength = settings.passwordMinLength();
    }

    /** A policy with a given minimum, for tests. */
    public static PasswordPolicy withMinLength(int minLength) {
        PasswordPolicy p = new PasswordPolicy();
        p.minLength = minLength;
        return p;
    }

    /** Refuses {@code password} for {@code username} with one error per broken rule, on {@code field}. */
    public void check(String field, String username, char[] password) {
        List<InvalidInputException.FieldError> errors = problems(field, username, password);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    public List<InvalidInputException.FieldError> problems(String field, String username, char[] password) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        int min = Math.max(1, minLength);
        if (password == null || password.length < min || password.length > MAX_LENGTH) {
            errors.add(new InvalidInputException.FieldError(field, "a password has " + min + " to " + MAX_LENGTH + " characters"));
            if (password == null) {
                return errors;
            }
        }
        if (classes(password) < 3) {
            errors.add(new InvalidInputException.FieldError(field,
                    "a password mixes at least three of: lower case, upper case, digits, other characters"));
        }
        if (username != null && username.strip().length() >= 3
                && new String(password).toLowerCase(Locale.ROOT).contains(username.strip().toLowerCase(Locale.ROOT))) {
            errors.add(new InvalidInputException.FieldError(field, "a password must not contain the user name"));
        }
        return errors;
    }

    public int minLength() {
        return Math.max(1, minLength);
    }

    private static int classes(char[] password) {
        boolean lower = false, upper = false, digit = false, other = false;
        for (char c : password) {
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }
}
