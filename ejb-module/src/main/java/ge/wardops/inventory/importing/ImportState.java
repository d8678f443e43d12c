package ge.wardops.inventory.importing;

/** Where an import job stands. SUCCEEDED and FAILED are final; FAILED means nothing was written. */
public enum ImportState { QUEUED, VALIDATING, IMPORTING, SUCCEEDED, FAILED }
