/**
 * The audit chain's cryptography, on the JDK alone so that an auditor runs it without the server:
 * the canonical encoding of a row, its keyed hash (HMAC-SHA256, keys named by id), the signed
 * anchors of the chain head (Ed25519), the one verifier both the server's chain check and the
 * offline command ({@link ge.wardops.audit.chain.OfflineVerifier}) use. Must not touch the
 * database, the container or any other package.
 */
package ge.wardops.audit.chain;
