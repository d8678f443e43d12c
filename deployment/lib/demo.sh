# shellcheck shell=bash
# WARD OPS run command (deployment/wardops.sh): what the monitored demo needs: its Debian packages and its SNMP agents.
# Sourced by wardops.sh after its settings; not run on its own.

# ---------------------------------------------------------------- Debian packages
# What the monitored demo needs from Debian, installed the way deployment/test.sh does (apt-get,
# with apt-get update when the package lists are stale). Without root or sudo, or without apt-get,
# it stops and names what is missing and the command that installs it: a demo whose every round
# fails is worse than no demo.
install_packages() {
    local need=() why=()
    [ -x /usr/bin/fping ] || command -v fping >/dev/null || { need+=(fping); why+=("fping (availability probing)"); }
    if [ "$DEMO_DEVICES" -gt 0 ] && [ "$DEMO_SNMP_AGENTS" -gt 0 ] && [ ! -x /usr/sbin/snmpd ]; then
        need+=(snmpd); why+=("snmpd (the demo routers' SNMP agents)")
    fi
    if [ -z "${WARDOPS_VM_URL:-}" ] && [ ! -x /usr/bin/victoria-metrics ] && ! command -v victoria-metrics >/dev/null; then
        need+=(victoria-metrics); why+=("victoria-metrics (the metrics store)")
    fi
    [ ${#need[@]} -gt 0 ] || return 0
    local missing="missing: $(IFS=,; echo "${why[*]}" | sed 's/,/, /g')"
    local how="sudo apt-get update && sudo apt-get install -y ${need[*]}"
    [ "${WARDOPS_SKIP_PACKAGES:-0}" != 1 ] || die "$missing. Install them: $how"
    command -v apt-get >/dev/null || die "$missing, and apt-get is not here (not Debian?). Install ${need[*]} with this system's package manager"
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "$missing. Installing needs root: $how"
        sudo=(sudo -n)
    fi
    log "installing ${need[*]} (apt-get; output in $LOG_DIR/apt.log) ..."
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >"$LOG_DIR/apt.log" 2>&1; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG_DIR/apt.log" 2>&1 || true
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >>"$LOG_DIR/apt.log" 2>&1 \
            || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "could not install ${need[*]} ($missing). Try: $how"; }
    fi
    [ -x /usr/bin/fping ] || command -v fping >/dev/null || die "fping is still missing after apt-get install fping"
    # The package starts its own system service (127.0.0.1 or all interfaces on 8428, data in /var/lib,
    # not stopped by 'stop'); this command runs its own instance, so that one goes. No systemd: nothing to do.
    if [[ " ${need[*]} " == *" victoria-metrics "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        log "stopping and disabling the victoria-metrics system service the package started (systemctl disable --now victoria-metrics); this command runs its own instance"
        "${sudo[@]}" systemctl disable --now victoria-metrics >>"$LOG_DIR/apt.log" 2>&1 \
            || warn "could not stop the victoria-metrics system service (see $LOG_DIR/apt.log)"
    fi
}

# Real SNMP agents for the first demo routers, so that SNMP counters flow in the demo.
start_demo_snmp() {
    [ "$DEMO_DEVICES" -gt 0 ] && [ "$DEMO_SNMP_AGENTS" -gt 0 ] || return 0
    local password=""
    [ -f "$PASSWORD_FILE" ] && password=$(head -n 1 "$PASSWORD_FILE")
    "$SCRIPT_DIR/demo-snmp.sh" start "http://127.0.0.1:$(http_port)" "$password" "$WARDOPS_HOME/demo-snmp" "$DEMO_SNMP_AGENTS" \
        || warn "the demo runs without SNMP agents"
}
