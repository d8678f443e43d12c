package ge.wardops.security;

import java.util.List;

/** The five roles. Each is also a Jakarta EE role name (group = role, see server-config). */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String REGIONAL_MANAGER = "regional_manager";
    public static final String AUDITOR = "auditor";
    public static final String VIEWER = "viewer";

    public static final List<String> ALL = List.of(ADMIN, OPERATOR, REGIONAL_MANAGER, AUDITOR, VIEWER);

    private Roles() {
    }
}
