/**
 * Samples on their way to VictoriaMetrics: batched, gzip-compressed imports over one pooled HTTP
 * client, and a bounded on-disk spool that keeps them, in order, while VictoriaMetrics is away.
 * Also reads series back through one reader ({@link ge.wardops.metrics.VictoriaMetricsReader}, made by
 * {@link ge.wardops.metrics.MetricsSettings}) with one set of queries ({@link ge.wardops.metrics.PingQueries})
 * for history, availability and alerting.
 * Must not probe or decide state.
 */
package ge.wardops.metrics;
