#!/usr/bin/env bash
# WARD OPS: one-command run of the whole system on one machine (loopback only).
#
#   deployment/wardops.sh [up]   build the EAR, start PostgreSQL (system, external or embedded),
#                                VictoriaMetrics and Payara Server 6, configure, deploy, print
#                                the console URL and the first admin login
#   deployment/wardops.sh stop   stop what this script started (never a system PostgreSQL)
#   deployment/wardops.sh status what runs, on which ports
#   deployment/wardops.sh cluster up [--instances N]   the same as a cluster: a Payara deployment
#                                group of N (2..9, default 2) instances behind haproxy on the
#                                console URL (docs/deploy.md, "Running a cluster")
#   deployment/wardops.sh cluster stop | cluster status
#
# Environment (all optional; docs/deploy.md has the full table):
#   WARDOPS_HOME          state folder (Payara install, logs, VM data, embedded PG data, pids);
#                         default <repo>/.wardops (cluster: <repo>/.wardops-cluster)
#   WARDOPS_EAR           EAR to deploy; default <repo>/ear/target/wardops.ear
#   WARDOPS_SKIP_BUILD=1  do not run Maven on the project
#   WARDOPS_DB_URL        jdbc:postgresql://host[:port]/db of an existing database, with the
#                         application's runtime role WARDOPS_DB_USER/WARDOPS_DB_PASSWORD and the
#                         schema owner WARDOPS_DB_OWNER_USER/WARDOPS_DB_OWNER_PASSWORD (roles made by
#                         the DBA, docs/deploy.md); else 127.0.0.1:5432 if it answers; else embedded
#   WARDOPS_DB_NAME (wardops), WARDOPS_DB_OWNER_USER (wardops), WARDOPS_DB_USER (wardops_app)
#                         local and embedded PostgreSQL: database, owner and runtime role, created
#                         here; their passwords are WARDOPS_DB_OWNER_PASSWORD / WARDOPS_DB_PASSWORD,
#                         else generated once into WARDOPS_HOME/db-passwords (mode 0600)
#   WARDOPS_FORCE_EMBEDDED_PG=1  use the embedded PostgreSQL even if 5432 answers
#   WARDOPS_PG_PORT (15432), WARDOPS_PG_DATA (WARDOPS_HOME/pgdata)   embedded PostgreSQL
#   WARDOPS_VM_URL        existing VictoriaMetrics; else one is started on WARDOPS_VM_PORT (8428)
#   WARDOPS_PORT_BASE     Payara port base (8000): admin = base+48, HTTP = base+80
#   WARDOPS_DEMO_DEVICES (875), WARDOPS_DEMO_BRANCHES (128)   demo fleet size on first start
#   WARDOPS_DEMO_SNMP_AGENTS (8)   demo routers answering SNMP (an snmpd on their loopback addresses)
#   WARDOPS_HEAP (1g)     the server's heap (-Xmx; in a cluster each instance's): 1g for the demo,
#                         more for a larger fleet (docs/deploy.md, Heap)
#   WARDOPS_WAIT_SECONDS  how long to wait for the application to answer (180)
#   WARDOPS_ROUND_WAIT_SECONDS  how long to wait for the first availability round (60)
#   WARDOPS_SKIP_PACKAGES=1  do not install Debian packages (fping, snmpd, victoria-metrics); stop if one is missing
#   cluster only: WARDOPS_CLUSTER_NAME (wardops) the JGroups cluster name; WARDOPS_CLUSTER_PORT (7800)
#                         instance iK's JGroups port is this + K-1; WARDOPS_EVENTS_TRAP_PORT (10162),
#                         WARDOPS_EVENTS_SYSLOG_PORT (10514) instance iK's receivers take these + K-1
#   WARDOPS_ADMIN_PASSWORD  the first admin's password (first start only); else this command
#                         generates one. Either way it is the operator's password, not one the
#                         application generated, so it need not be changed at the first login
#                         (docs/security.md); the demo links its SNMP agents with it.
set -euo pipefail

# ---------------------------------------------------------------- settings
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
CONFIG_DIR=$REPO_DIR/server-config

if [ "${1:-}" = cluster ]; then
    WARDOPS_HOME=${WARDOPS_HOME:-$REPO_DIR/.wardops-cluster}
else
    WARDOPS_HOME=${WARDOPS_HOME:-$REPO_DIR/.wardops}
fi
mkdir -p "$WARDOPS_HOME"
WARDOPS_HOME=$(cd "$WARDOPS_HOME" && pwd)
EAR=${WARDOPS_EAR:-$REPO_DIR/ear/target/wardops.ear}

PAYARA_VERSION=6.2025.9
PG_DRIVER_VERSION=42.7.8
EMBEDDED_PG_VERSION=2.2.2
DOMAIN=wardops
APP_NAME=wardops
POOL=wardops-pool
OWNER_POOL=wardops-owner-pool        # the schema owner's, used at start-up only (server-config/jdbc-owner.asadmin)
JDBC_RESOURCE=jdbc/wardops

# ports and the embedded data folder of the last successful "up" are remembered in run/settings.env and
# are the defaults for later runs (the domain and the data were made with them)
SETTINGS_FILE=$WARDOPS_HOME/run/settings.env
saved() { [ ! -f "$SETTINGS_FILE" ] || sed -n "s/^$1=//p" "$SETTINGS_FILE" | tail -n 1; }
PORT_BASE=${WARDOPS_PORT_BASE:-$(saved PORT_BASE)}
PORT_BASE=${PORT_BASE:-8000}
VM_PORT=${WARDOPS_VM_PORT:-$(saved VM_PORT)}
VM_PORT=${VM_PORT:-8428}
PG_PORT=${WARDOPS_PG_PORT:-$(saved PG_PORT)}
PG_PORT=${PG_PORT:-15432}
PG_DATA=${WARDOPS_PG_DATA:-$(saved PG_DATA)}
PG_DATA=${PG_DATA:-$WARDOPS_HOME/pgdata}
DEMO_DEVICES=${WARDOPS_DEMO_DEVICES:-875}
DEMO_BRANCHES=${WARDOPS_DEMO_BRANCHES:-128}
DEMO_SNMP_AGENTS=${WARDOPS_DEMO_SNMP_AGENTS:-8}   # demo routers given a real SNMP agent (0 = none)
WAIT_SECONDS=${WARDOPS_WAIT_SECONDS:-180}
HEAP=${WARDOPS_HEAP:-1g}
ROUND_WAIT_SECONDS=${WARDOPS_ROUND_WAIT_SECONDS:-60}
PG_OS_USER=${WARDOPS_PG_OS_USER:-wardops-pg}   # embedded PostgreSQL refuses to run as root
CLUSTER_INSTANCES=2                             # cluster up --instances N
CLUSTER_NAME=${WARDOPS_CLUSTER_NAME:-wardops}
CLUSTER_PORT=${WARDOPS_CLUSTER_PORT:-7800}
EVENTS_TRAP_PORT=${WARDOPS_EVENTS_TRAP_PORT:-10162}
EVENTS_SYSLOG_PORT=${WARDOPS_EVENTS_SYSLOG_PORT:-10514}

PAYARA_DIR=$WARDOPS_HOME/payara-$PAYARA_VERSION
ASADMIN_BIN=$PAYARA_DIR/payara6/bin/asadmin
DOMAIN_DIR=$PAYARA_DIR/payara6/glassfish/domains/$DOMAIN
SERVER_LOG=$DOMAIN_DIR/logs/server.log
LOG_DIR=$WARDOPS_HOME/logs
RUN_DIR=$WARDOPS_HOME/run
WORK_DIR=$WARDOPS_HOME/work          # rendered asadmin files, Maven scratch
EPG_DIR=$WARDOPS_HOME/embedded-pg    # launcher, jars, unpacked PostgreSQL binaries
VM_DATA=$WARDOPS_HOME/vmdata
PASSWORD_FILE=$WARDOPS_HOME/initial-admin-password
# The Payara domain's own admin password (asadmin, admin console, admin REST on the loopback admin
# port), generated when the domain is created, kept here (mode 0600) in asadmin's --passwordfile
# format and printed once. Its absence means the domain has no password yet.
DOMAIN_PASSWORD_FILE=$WARDOPS_HOME/payara-admin-password
# Read by the application (MicroProfile Config: wardops.admin.initial-password) from the server's
# environment, so the password never lands in domain.xml or a process list.
if [ -n "${WARDOPS_ADMIN_PASSWORD:-}" ]; then
    export WARDOPS_ADMIN_INITIAL_PASSWORD=$WARDOPS_ADMIN_PASSWORD
elif [ -z "${WARDOPS_ADMIN_INITIAL_PASSWORD:-}" ]; then
    # 20 random letters and digits plus a fixed tail, so it always mixes the classes the policy asks for.
    generated_password=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    export WARDOPS_ADMIN_INITIAL_PASSWORD="${generated_password:0:20}-Wo7"
    unset generated_password
fi

export TERM=${TERM:-dumb}
[ -n "$TERM" ] || export TERM=dumb

# ---------------------------------------------------------------- parts
# shellcheck source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/demo.sh
. "$SCRIPT_DIR/lib/demo.sh"
# shellcheck source=lib/postgres.sh
. "$SCRIPT_DIR/lib/postgres.sh"
# shellcheck source=lib/victoria-metrics.sh
. "$SCRIPT_DIR/lib/victoria-metrics.sh"
# shellcheck source=lib/payara.sh
. "$SCRIPT_DIR/lib/payara.sh"
# shellcheck source=lib/cluster.sh
. "$SCRIPT_DIR/lib/cluster.sh"

# ---------------------------------------------------------------- commands
cmd_up() {
    check_prerequisites
    mkdir -p "$LOG_DIR" "$RUN_DIR" "$WORK_DIR"
    exec 9>"$RUN_DIR/lock"
    flock -n 9 || die "another wardops.sh is running (lock $RUN_DIR/lock)"
    RESTART_NEEDED=0
    install_packages
    build_ear
    setup_database
    setup_victoria_metrics
    install_payara
    start_payara
    ensure_domain_password
    configure_payara
    deploy_app
    wait_for_app
    wait_for_first_round
    start_demo_snmp
    print_info
}

cmd_stop() {
    mkdir -p "$RUN_DIR"
    exec 9>"$RUN_DIR/lock"
    flock -w 30 9 || die "another wardops.sh is running (lock $RUN_DIR/lock)"
    if domain_running; then
        log "stopping Payara domain $DOMAIN ..."
        local auth
        mapfile -t auth < <(as_auth)
        timeout 180 "$ASADMIN_BIN" --interactive=false "${auth[@]}" stop-domain "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 \
            || warn "stop-domain failed; see $LOG_DIR/asadmin.log"
    else
        log "Payara domain $DOMAIN is not running"
    fi
    local vm_stopped=0
    vm_pid >/dev/null && vm_stopped=1
    stop_victoria_metrics
    "$SCRIPT_DIR/demo-snmp.sh" stop "$WARDOPS_HOME/demo-snmp"
    stop_embedded_pg
    if [ -f "$RUN_DIR/db.env" ] && grep -q '^DB_MODE=\(system\|external\)' "$RUN_DIR/db.env"; then
        log "PostgreSQL ($(sed -n 's/^DB_MODE=//p' "$RUN_DIR/db.env")) was not started by this script; left running"
    fi
    if [ "$vm_stopped" = 0 ] && [ -f "$RUN_DIR/vm.env" ] && grep -q '^VM_MODE=\(reused\|external\)' "$RUN_DIR/vm.env"; then
        log "VictoriaMetrics was not started by this script; left running"
    fi
    log "stopped"
}

cmd_status() {
    local rc=0 pid code mode
    echo "WARD OPS status (WARDOPS_HOME=$WARDOPS_HOME)"
    # Payara
    if domain_running; then
        code=$(http_code "http://127.0.0.1:$(http_port)/api/v1/health")
        local apps
        apps=$(asadmin list-applications 2>/dev/null | grep -E "^$APP_NAME " || true)
        printf '  %-16s running: admin 127.0.0.1:%s, HTTP 127.0.0.1:%s, HTTPS 127.0.0.1:%s\n' \
            "Payara ($DOMAIN)" "$(admin_port)" "$(http_port)" $((PORT_BASE + 81))
        printf '  %-16s %s; /api/v1/health -> %s\n' "application" "${apps:-not deployed}" "$code"
        [ "$code" = 200 ] || rc=3
    elif domain_exists; then
        printf '  %-16s stopped (ports would be admin %s, HTTP %s)\n' "Payara ($DOMAIN)" "$(admin_port)" "$(http_port)"
        rc=3
    else
        printf '  %-16s not installed\n' "Payara"
        rc=3
    fi
    # PostgreSQL
    mode=$(sed -n 's/^DB_MODE=//p' "$RUN_DIR/db.env" 2>/dev/null || true)
    if pid=$(embedded_pg_pid); then
        printf '  %-16s embedded, running (pid %s) on 127.0.0.1:%s, data %s\n' "PostgreSQL" "$pid" "$PG_PORT" "$PG_DATA"
    elif [ "$mode" = system ]; then
        if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
            printf '  %-16s system server on 127.0.0.1:5432 (not managed by this script), answering\n' "PostgreSQL"
        else
            printf '  %-16s system server on 127.0.0.1:5432 NOT answering\n' "PostgreSQL"; rc=3
        fi
    elif [ "$mode" = external ]; then
        printf '  %-16s external: %s (not managed by this script)\n' "PostgreSQL" \
            "$(sed -n 's/^DB_HOST=//p' "$RUN_DIR/db.env"):$(sed -n 's/^DB_PORT=//p' "$RUN_DIR/db.env")/$(sed -n 's/^DB_NAME=//p' "$RUN_DIR/db.env")"
    elif [ "$mode" = embedded ] && port_open "$PG_PORT"; then
        printf '  %-16s embedded launcher not running, but 127.0.0.1:%s answers (left-over postmaster? "up" restarts it)\n' "PostgreSQL" "$PG_PORT"; rc=3
    elif [ "$mode" = embedded ]; then
        printf '  %-16s embedded, stopped (port %s)\n' "PostgreSQL" "$PG_PORT"; rc=3
    else
        printf '  %-16s unknown (never started by this script)\n' "PostgreSQL"
    fi
    # VictoriaMetrics
    if [ -n "${WARDOPS_VM_URL:-}" ]; then
        printf '  %-16s external %s, /health -> %s\n' "VictoriaMetrics" "$WARDOPS_VM_URL" "$(http_code "${WARDOPS_VM_URL%/}/health")"
    elif pid=$(vm_pid); then
        printf '  %-16s running (pid %s) on 127.0.0.1:%s, /health -> %s, data %s\n' "VictoriaMetrics" "$pid" "$VM_PORT" \
            "$(http_code "http://127.0.0.1:$VM_PORT/health")" "$VM_DATA"
    elif [ "$(http_code "http://127.0.0.1:$VM_PORT/health")" = 200 ]; then
        printf '  %-16s answering on 127.0.0.1:%s (not started by this script)\n' "VictoriaMetrics" "$VM_PORT"
    else
        printf '  %-16s stopped (port %s)\n' "VictoriaMetrics" "$VM_PORT"; rc=3
    fi
    return $rc
}

cluster_command() {
    local sub=${1:-}
    shift || true
    while [ $# -gt 0 ]; do
        case "$1" in
            --instances) [ $# -ge 2 ] || die "--instances needs a number"; CLUSTER_INSTANCES=$2; shift 2 ;;
            --instances=*) CLUSTER_INSTANCES=${1#--instances=}; shift ;;
            *) die "unknown option '$1' (cluster up [--instances N])" ;;
        esac
    done
    case "$sub" in
        up) cmd_cluster_up ;;
        stop) cmd_cluster_stop ;;
        status) cmd_cluster_status ;;
        *) die "unknown cluster command '$sub' (use: cluster up [--instances N] | cluster stop | cluster status)" ;;
    esac
}

case "${1:-up}" in
    up) cmd_up ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    cluster) shift; cluster_command "$@" ;;
    -h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (use: up | stop | status | cluster up|stop|status)" ;;
esac
