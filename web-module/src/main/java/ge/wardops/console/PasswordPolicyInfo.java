package ge.wardops.console;

import ge.wardops.security.PasswordPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The password rules as the console's forms describe them. */
@Named
@ApplicationScoped
public class PasswordPolicyInfo {

    @Inject
    PasswordPolicy policy;

    public int getMinLength() {
        return policy.minLength();
    }
}
