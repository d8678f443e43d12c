/**
 * The live feeds over WebSocket ({@code /api/v1/ws/devices}, {@code /api/v1/ws/alerts}): the thin adapter between a
 * WebSocket session and the hub in {@link ge.wardops.feed}. Authentication is the application's
 * (the upgrade request passes web.xml's /api/* constraint); the regional scope is fixed at the
 * handshake.
 */
package ge.wardops.api.feed;
