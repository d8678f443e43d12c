package ge.wardops.security;

/** An administrator setting a new password for someone, who must change it at the next login. */
public record PasswordReset(String password) {
}
