# shellcheck shell=bash
# WARD OPS run command (deployment/wardops.sh): VictoriaMetrics (external, or one started here).
# Sourced by wardops.sh after its settings; not run on its own.

# ---------------------------------------------------------------- VictoriaMetrics
vm_pid() { pid_from_file "$RUN_DIR/victoria-metrics.pid" "victoria-metrics -httpListenAddr=127.0.0.1:$VM_PORT "; }

setup_victoria_metrics() {
    if [ -n "${WARDOPS_VM_URL:-}" ]; then
        VM_URL=${WARDOPS_VM_URL%/}
        VM_MODE=external
        if [ "$(http_code "$VM_URL/health")" = 200 ]; then
            log "VictoriaMetrics: using WARDOPS_VM_URL=$VM_URL"
        else
            warn "VictoriaMetrics at WARDOPS_VM_URL=$VM_URL does not answer /health now; the application spools samples until it does"
        fi
        echo "VM_MODE=$VM_MODE" >"$RUN_DIR/vm.env"
        return 0
    fi
    VM_URL=http://127.0.0.1:$VM_PORT
    local pid
    if [ "$(http_code "$VM_URL/health")" = 200 ]; then
        if pid=$(vm_pid); then
            VM_MODE=started
            log "VictoriaMetrics already running (pid $pid) on $VM_URL"
        else
            VM_MODE=reused
            log "VictoriaMetrics: something already answers $VM_URL/health; reusing it"
        fi
        echo "VM_MODE=$VM_MODE" >"$RUN_DIR/vm.env"
        return 0
    fi
    port_open "$VM_PORT" && die "port $VM_PORT is taken by a program that is not VictoriaMetrics; set WARDOPS_VM_PORT or WARDOPS_VM_URL"

    local vm_bin
    vm_bin=$(command -v victoria-metrics || true)
    [ -n "$vm_bin" ] || [ ! -x /usr/bin/victoria-metrics ] || vm_bin=/usr/bin/victoria-metrics
    # install_packages installed it (and stopped the package's service), or said why it could not
    [ -n "$vm_bin" ] || die "victoria-metrics is not installed (sudo apt-get install -y victoria-metrics), or set WARDOPS_VM_URL"
    mkdir -p "$VM_DATA"
    nohup "$vm_bin" -httpListenAddr="127.0.0.1:$VM_PORT" -storageDataPath="$VM_DATA" \
        -retentionPeriod=400d -loggerOutput=stderr \
        >>"$LOG_DIR/victoria-metrics.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$RUN_DIR/victoria-metrics.pid"
    log "starting VictoriaMetrics (pid $pid, log $LOG_DIR/victoria-metrics.log) ..."
    local i
    for ((i = 0; i < 120; i++)); do
        [ "$(http_code "$VM_URL/health")" = 200 ] && break
        pid_alive "$pid" || { tail -n 20 "$LOG_DIR/victoria-metrics.log" >&2; die "VictoriaMetrics exited"; }
        sleep 0.5
    done
    [ "$(http_code "$VM_URL/health")" = 200 ] \
        || { tail -n 20 "$LOG_DIR/victoria-metrics.log" >&2; die "VictoriaMetrics did not answer $VM_URL/health within 60 s"; }
    VM_MODE=started
    echo "VM_MODE=$VM_MODE" >"$RUN_DIR/vm.env"
    log "VictoriaMetrics is up on $VM_URL (data $VM_DATA, retention 400d)"
}

stop_victoria_metrics() {
    local pid
    if pid=$(vm_pid); then
        log "stopping VictoriaMetrics (pid $pid) ..."
        stop_pid "$pid" 30
    fi
    rm -f "$RUN_DIR/victoria-metrics.pid"
}
