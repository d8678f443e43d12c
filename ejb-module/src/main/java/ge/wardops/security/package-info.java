/**
 * Who may do what: user accounts and their password hashes, roles, and each caller's regional
 * scope, which every other capability asks before it reads or changes anything; and the key that
 * encrypts stored secrets (SecretBox). Must not know about HTTP; the web module's
 * authentication mechanism calls in here.
 */
package ge.wardops.security;
