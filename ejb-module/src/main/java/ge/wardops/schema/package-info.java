/**
 * The database schema's life cycle: Flyway applies sql/migrations on deploy, first of all.
 * Owns no tables itself and must not be called by other capabilities except through @DependsOn.
 */
package ge.wardops.schema;
