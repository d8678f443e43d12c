/**
 * Who may do what: user accounts and their password hashes and policy, API tokens, the optional
 * LDAP directory, roles and the permissions each carries (role_permissions), rate-limit buckets,
 * and each caller's regional scope, which every other capability asks before it reads or changes
 * anything; and the key that encrypts stored secrets (SecretBox). Must not know about HTTP; the
 * web module's authentication mechanism calls in here.
 */
package ge.wardops.security;
