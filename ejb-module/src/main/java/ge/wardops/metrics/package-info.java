/**
 * Samples on their way to VictoriaMetrics: batched, gzip-compressed imports over one pooled HTTP
 * client, and a bounded on-disk spool that keeps them, in order, while VictoriaMetrics is away.
 * Must not probe, decide state or read history; it only writes what it is given.
 */
package ge.wardops.metrics;
