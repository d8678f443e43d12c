/**
 * How callers prove who they are over HTTP: form login for the console, HTTP Basic for the API,
 * one identity store over the users table, plus the filters that harden every response. Holds
 * no user data; asks the security capability's UserDirectory.
 */
package ge.wardops.security.web;
