package ge.wardops.console;

import ge.wardops.security.ApiTokens;
import ge.wardops.security.TokenDraft;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The caller's API tokens: create one (its secret is shown once, on this page only), list and
 * revoke. An administrator sees everyone's.
 */
@Named
@ViewScoped
public class TokensPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> INPUTS = Map.of("name", "tokens:name", "expiresInDays", "tokens:days");

    @EJB
    ApiTokens tokens;

    @Inject
    ServiceErrors errors;

    private transient List<ApiTokens.TokenView> list;
    private String name;
    private Integer expiresInDays = 90;
    /** The secret of the token just created; never kept past this view. */
    private transient String newSecret;

    public List<ApiTokens.TokenView> getTokens() {
        if (list == null) {
            list = tokens.list();
        }
        return list;
    }

    public void create() {
        errors.attempt(INPUTS, () -> {
            ApiTokens.IssuedToken issued = tokens.create(new TokenDraft(name, expiresInDays));
            newSecret = issued.secret();
            name = null;
            list = null;
            return "Token '" + issued.token().name() + "' created. Copy its secret now: it is not shown again.";
        });
    }

    public void revoke(long id) {
        errors.attempt(INPUTS, () -> {
            ApiTokens.TokenView revoked = tokens.revoke(id);
            list = null;
            return "Token '" + revoked.name() + "' revoked.";
        });
    }

    public String getNewSecret() { return newSecret; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Integer getExpiresInDays() { return expiresInDays; }
    public void setExpiresInDays(Integer expiresInDays) { this.expiresInDays = expiresInDays; }
}
