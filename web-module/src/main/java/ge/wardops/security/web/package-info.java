/**
 * How callers prove who they are over HTTP: form login for the console, HTTP Basic and API tokens
 * (Bearer) for the API, the users-table and optional LDAP identity stores, the limits around
 * logins (rate limits, forced password change) and the console sessions that "log out
 * everywhere" ends; plus the filters that harden every response. Holds no user data; asks the
 * security capability's UserDirectory, ApiTokens and LdapDirectory.
 */
package ge.wardops.security.web;
