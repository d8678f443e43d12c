/**
 * How callers prove who they are over HTTP: form login for the console, HTTP Basic and API tokens
 * (Bearer) for the API, the users-table and optional LDAP identity stores, the limits around
 * logins (rate limits, forced password change) and the console sessions that "log out
 * everywhere" ends; plus what hardens every response (headers, the console pages' script nonce
 * in the Content-Security-Policy, cookies, the error page) and the feeds' Origin check. Holds no
 * user data; asks the security capability's SignIn, OwnAccount, ApiTokens and LdapDirectory.
 */
package ge.wardops.security.web;
