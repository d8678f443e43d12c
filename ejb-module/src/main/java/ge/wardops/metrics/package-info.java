/**
 * Samples on their way to VictoriaMetrics: batched, gzip-compressed imports over one pooled HTTP
 * client, and a bounded on-disk spool that keeps them, in order, while VictoriaMetrics is away.
 * Also reads series back ({@link ge.wardops.metrics.VictoriaMetricsReader}) for the history API.
 * Must not probe or decide state.
 */
package ge.wardops.metrics;
