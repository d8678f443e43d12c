package ge.wardops.inventory.credentials;

import ge.wardops.shared.InvalidInputException.FieldError;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * What a caller sends to create or change an SNMP credential, from the API or the console.
 * The choices are strings checked by patterns rather than enums, so that an unknown protocol is
 * a field error like any other instead of a JSON binding failure. {@code version} is the
 * optimistic-lock version as in every draft; the SNMP version is {@code snmpVersion}.
 *
 * <p>A secret left out (or blank) on a change keeps the stored one, so that a form can rename a
 * credential without the secrets being typed again; toString never prints a secret.
 */
public record SnmpCredentialDraft(
        @NotBlank(message = "a credential needs a name") @Size(max = 100) String name,
        @NotBlank(message = "choose the SNMP version: v2c or v3")
        @Pattern(regexp = "v2c|v3", message = "the SNMP version is v2c or v3") String snmpVersion,
        @Size(max = 255, message = "a community has at most 255 characters") String community,
        @Size(max = 32, message = "a USM user name has at most 32 characters") String username,
        @Pattern(regexp = "noAuthNoPriv|authNoPriv|authPriv",
                message = "the security level is noAuthNoPriv, authNoPriv or authPriv") String securityLevel,
        @Pattern(regexp = "MD5|SHA|SHA256", message = "the authentication protocol is MD5, SHA or SHA256") String authProtocol,
        @Size(min = MIN_PASSPHRASE, max = 255, message = "an authentication passphrase has 8 to 255 characters") String authPassphrase,
        @Pattern(regexp = "DES|AES128", message = "the privacy protocol is DES or AES128") String privProtocol,
        @Size(min = MIN_PASSPHRASE, max = 255, message = "a privacy passphrase has 8 to 255 characters") String privPassphrase,
        Long version) {

    public static final String V2C = "v2c";
    public static final String V3 = "v3";
    public static final String NO_AUTH_NO_PRIV = "noAuthNoPriv";
    public static final String AUTH_NO_PRIV = "authNoPriv";
    public static final String AUTH_PRIV = "authPriv";

    /** RFC 3414 11.2; SnmpCredentials.Usm and snmpd refuse shorter ones too. */
    static final int MIN_PASSPHRASE = SnmpCredentials.Usm.MIN_PASSPHRASE_LENGTH;

    /** The same draft with blank secrets as null (kept when stored) and the other texts stripped. */
    SnmpCredentialDraft normalized() {
        return new SnmpCredentialDraft(strip(name), strip(snmpVersion), blankToNull(community), strip(username),
                strip(securityLevel), strip(authProtocol), blankToNull(authPassphrase), strip(privProtocol),
                blankToNull(privPassphrase), version);
    }

    /**
     * The rules across fields, for a normalized draft, given which secrets are stored already
     * (all false on create): what the version and level need, and nothing they do not use.
     */
    List<FieldError> crossFieldErrors(boolean communityStored, boolean authStored, boolean privStored) {
        List<FieldError> errors = new ArrayList<>();
        if (V2C.equals(snmpVersion)) {
            if (community == null && !communityStored) {
                errors.add(new FieldError("community", "a v2c credential needs a community"));
            }
            String unused = "v2c uses only a community; leave this empty";
            unusedIfSet(errors, "username", username, unused);
            unusedIfSet(errors, "securityLevel", securityLevel, unused);
            unusedIfSet(errors, "authProtocol", authProtocol, unused);
            unusedIfSet(errors, "authPassphrase", authPassphrase, unused);
            unusedIfSet(errors, "privProtocol", privProtocol, unused);
            unusedIfSet(errors, "privPassphrase", privPassphrase, unused);
        } else if (V3.equals(snmpVersion)) {
            unusedIfSet(errors, "community", community, "v3 uses no community; leave this empty");
            if (username == null || username.isEmpty()) {
                errors.add(new FieldError("username", "a v3 credential needs a user name"));
            }
            if (securityLevel == null) {
                errors.add(new FieldError("securityLevel", "choose a security level: noAuthNoPriv, authNoPriv or authPriv"));
                return errors;
            }
            boolean auth = AUTH_NO_PRIV.equals(securityLevel) || AUTH_PRIV.equals(securityLevel);
            boolean priv = AUTH_PRIV.equals(securityLevel);
            if (auth) {
                if (authProtocol == null) {
                    errors.add(new FieldError("authProtocol", securityLevel + " needs an authentication protocol: MD5, SHA or SHA256"));
                }
                if (authPassphrase == null && !authStored) {
                    errors.add(new FieldError("authPassphrase", securityLevel + " needs an authentication passphrase ("
                            + MIN_PASSPHRASE + " characters or more)"));
                }
            } else {
                unusedIfSet(errors, "authProtocol", authProtocol, securityLevel + " uses no authentication; leave this empty");
                unusedIfSet(errors, "authPassphrase", authPassphrase, securityLevel + " uses no authentication; leave this empty");
            }
            if (priv) {
                if (privProtocol == null) {
                    errors.add(new FieldError("privProtocol", "authPriv needs a privacy protocol: DES or AES128"));
                }
                if (privPassphrase == null && !privStored) {
                    errors.add(new FieldError("privPassphrase", "authPriv needs a privacy passphrase ("
                            + MIN_PASSPHRASE + " characters or more)"));
                }
            } else {
                unusedIfSet(errors, "privProtocol", privProtocol, securityLevel + " uses no privacy; leave this empty");
                unusedIfSet(errors, "privPassphrase", privPassphrase, securityLevel + " uses no privacy; leave this empty");
            }
        }
        return errors;
    }

    @Override
    public String toString() {
        return "SnmpCredentialDraft[" + name + ", " + snmpVersion + ", community " + (community == null ? "-" : "****")
                + ", " + username + ", " + securityLevel + ", " + authProtocol + ", authPassphrase "
                + (authPassphrase == null ? "-" : "****") + ", " + privProtocol + ", privPassphrase "
                + (privPassphrase == null ? "-" : "****") + ", version " + version + "]";
    }

    private static void unusedIfSet(List<FieldError> errors, String field, String value, String message) {
        if (value != null && !value.isEmpty()) {
            errors.add(new FieldError(field, message));
        }
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Secrets are kept as typed (spaces may belong to them); only an all-blank one counts as left out. */
    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
