/**
 * The one embedded Infinispan cache manager of this server, which every in-memory cache (device
 * states, history, availability) is defined on. Owns no data of its own and decides nothing.
 */
package ge.wardops.cache;
