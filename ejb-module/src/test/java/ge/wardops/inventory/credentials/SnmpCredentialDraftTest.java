package ge.wardops.inventory.credentials;

import ge.wardops.shared.InvalidInputException.FieldError;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a credential draft must say for its version and level, with the Bean Validation the server runs. */
class SnmpCredentialDraftTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static SnmpCredentialDraft v3(String level, String auth, String authPass, String priv, String privPass) {
        return new SnmpCredentialDraft("core", "v3", null, "monitor", level, auth, authPass, priv, privPass, null).normalized();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).sorted().toList();
    }

    private static List<String> beanFields(SnmpCredentialDraft d) {
        return VALIDATOR.validate(d).stream().map(v -> v.getPropertyPath().toString()).sorted().toList();
    }

    @Test
    void aCompleteV2cOrV3CredentialBreaksNoRule() {
        SnmpCredentialDraft v2c = new SnmpCredentialDraft("branches", "v2c", "s3cret-community", null, null, null, null, null, null, null).normalized();
        assertEquals(List.of(), beanFields(v2c));
        assertEquals(List.of(), v2c.crossFieldErrors(false, false, false));
        SnmpCredentialDraft authPriv = v3("authPriv", "SHA256", "auth-passphrase", "AES128", "priv-passphrase");
        assertEquals(List.of(), beanFields(authPriv));
        assertEquals(List.of(), authPriv.crossFieldErrors(false, false, false));
        assertEquals(List.of(), v3("noAuthNoPriv", null, null, null, null).crossFieldErrors(false, false, false));
    }

    @Test
    void authPrivWithoutAPrivacyPassphraseIsAFieldErrorUnlessOneIsStored() {
        SnmpCredentialDraft d = v3("authPriv", "SHA", "auth-passphrase", "AES128", "  ");
        assertEquals(List.of("privPassphrase"), fields(d.crossFieldErrors(false, false, false)));
        assertEquals(List.of(), d.crossFieldErrors(false, false, true), "a change keeps the stored passphrase");
    }

    @Test
    void shortPassphrasesAndUnknownChoicesAreBeanValidationErrors() {
        assertEquals(List.of("authPassphrase", "privPassphrase"), beanFields(v3("authPriv", "SHA", "short", "AES128", "1234567")));
        assertEquals(List.of("authProtocol", "privProtocol", "securityLevel", "snmpVersion"), beanFields(
                new SnmpCredentialDraft("x", "v1", null, "u", "authAndMore", "SHA512", null, "AES256", null, null).normalized()));
    }

    @Test
    void settingsALevelDoesNotUseAreRefusedRatherThanSilentlyIgnored() {
        assertEquals(List.of("privPassphrase", "privProtocol"),
                fields(v3("authNoPriv", "SHA", "auth-passphrase", "DES", "priv-passphrase").crossFieldErrors(false, false, false)));
        assertEquals(List.of("username"), fields(new SnmpCredentialDraft("x", "v2c", "community", "monitor",
                null, null, null, null, null, null).normalized().crossFieldErrors(false, false, false)));
        assertEquals(List.of("community", "username"), fields(new SnmpCredentialDraft("x", "v3", "community", null,
                "noAuthNoPriv", null, null, null, null, null).normalized().crossFieldErrors(false, false, false)));
    }

    @Test
    void toStringNeverShowsASecret() {
        String text = new SnmpCredentialDraft("x", "v3", "the-community", "monitor", "authPriv", "SHA", "the-auth-pass",
                "AES128", "the-priv-pass", null).toString();
        assertFalse(text.contains("the-"), text);
        assertTrue(text.contains("monitor"));
    }
}
