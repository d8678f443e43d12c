/**
 * The JSF console (Faces 4 + PrimeFaces): backing beans that call the same application services
 * as the REST API, so both always agree. No SQL, no business rules, no HTTP clients here.
 */
package ge.wardops.console;
