package ge.wardops.events;

/** An event rule was created, changed or deleted on this node (fired in the change's transaction). */
public record EventRulesChanged() {
}
