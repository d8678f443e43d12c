/**
 * Reports and exports: the availability / SLA report (computed from the ping samples in
 * VictoriaMetrics and the recorded state changes, alerts and maintenance windows; rendered as PDF,
 * XLSX and CSV and stored for download, with its sections for the on-screen drill-down; generated
 * in the background with its progress stored) and the device list as CSV, each scoped to the
 * caller's regions and audited. Reads through the other capabilities' lookups and VictoriaMetrics' reader;
 * writes only its own tables (reports, report_documents, report_slo_targets).
 */
package ge.wardops.report;
