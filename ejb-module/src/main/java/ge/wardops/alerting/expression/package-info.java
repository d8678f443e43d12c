/**
 * The condition language of alert rules: its grammar (parser), its tree (conditions) and the facts
 * it reads. Pure Java: knows nothing of storage, rules' lifecycle or the probes.
 */
package ge.wardops.alerting.expression;
