# shellcheck shell=bash
# WARD OPS run command (deployment/wardops.sh cluster ...): a Payara Server deployment group of N
# instances on this machine, behind haproxy. Sourced by wardops.sh after its settings and the other
# parts; not run on its own. docs/deploy.md, "Running a cluster", says what it builds.
#
# Layout (PORT_BASE is the DAS's, WARDOPS_PORT_BASE, default 8000):
#   DAS                 admin 127.0.0.1:PORT_BASE+48; its own HTTP listeners are switched off
#   instance iK (K=1..N) Payara port base PORT_BASE+100*K: HTTP +80, HTTPS +81, admin +48
#   haproxy             127.0.0.1:PORT_BASE+80 (the console URL of the single-node run),
#                       statistics 127.0.0.1:PORT_BASE+83
#   Hazelcast           DAS PORT_BASE+90, instances from PORT_BASE+91 (Payara's data grid)
#   JGroups             CLUSTER_PORT+K-1 (wardops.cluster.port), tcp discovery on loopback
#   event receivers     trap EVENTS_TRAP_PORT+K-1, syslog EVENTS_SYSLOG_PORT+K-1 (UDP ports cannot
#                       be shared by two instances on one host)

CLUSTER_GROUP=wardops-dg
CLUSTER_CONFIG=wardops-config
CLUSTER_NODE=localhost-$DOMAIN
CLUSTER_FILE=$RUN_DIR/cluster.env
HAPROXY_DIR=$WARDOPS_HOME/haproxy
HAPROXY_CFG=$HAPROXY_DIR/haproxy.cfg
HAPROXY_PID=$RUN_DIR/haproxy.pid
KEYS_DIR=$WARDOPS_HOME/cluster-keys

instance_name()      { echo "i$1"; }
instance_port_base() { echo $((PORT_BASE + 100 * $1)); }
instance_http_port() { echo $(($(instance_port_base "$1") + 80)); }
instance_dir()       { echo "$PAYARA_DIR/payara6/glassfish/nodes/$CLUSTER_NODE/$(instance_name "$1")"; }
lb_stats_port()      { echo $((PORT_BASE + 83)); }

# the instance count of the last "cluster up" (for stop and status)
saved_instances() { [ ! -f "$CLUSTER_FILE" ] || sed -n 's/^INSTANCES=//p' "$CLUSTER_FILE" | tail -n 1; }

# the pid of instance K's JVM, when it runs
instance_pid() {
    pid_from_file "$(instance_dir "$1")/config/pid" "-Dcom.sun.aas.instanceRoot=$(instance_dir "$1") "
}

haproxy_pid() { pid_from_file "$HAPROXY_PID" "haproxy -f $HAPROXY_CFG"; }

# ---------------------------------------------------------------- checks and packages
check_cluster_settings() {
    for n in CLUSTER_INSTANCES CLUSTER_PORT EVENTS_TRAP_PORT EVENTS_SYSLOG_PORT; do
        is_uint "${!n}" || die "$n must be a number, got '${!n}'"
    done
    [ "$CLUSTER_INSTANCES" -ge 2 ] || die "--instances must be 2 or more (one node: $0 up)"
    [ "$CLUSTER_INSTANCES" -le 9 ] || die "--instances: at most 9 on one machine (port bases PORT_BASE+100..+900)"
    [ "$PORT_BASE" -le $((65400 - 100 * CLUSTER_INSTANCES)) ] || die "WARDOPS_PORT_BASE too high for $CLUSTER_INSTANCES instances"
}

# haproxy from Debian, installed the way install_packages installs the demo's packages
install_haproxy() {
    [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null && return 0
    local how="sudo apt-get update && sudo apt-get install -y haproxy"
    [ "${WARDOPS_SKIP_PACKAGES:-0}" != 1 ] || die "missing: haproxy (the load balancer). Install it: $how"
    command -v apt-get >/dev/null || die "missing: haproxy, and apt-get is not here. Install haproxy with this system's package manager"
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "missing: haproxy. Installing needs root: $how"
        sudo=(sudo -n)
    fi
    log "installing haproxy (apt-get; output in $LOG_DIR/apt.log) ..."
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >>"$LOG_DIR/apt.log" 2>&1; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG_DIR/apt.log" 2>&1 || true
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >>"$LOG_DIR/apt.log" 2>&1 \
            || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "could not install haproxy. Try: $how"; }
    fi
    # The package's own service listens on nothing of ours, but runs; this command runs its own haproxy.
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        "${sudo[@]}" systemctl disable --now haproxy >>"$LOG_DIR/apt.log" 2>&1 || true
    fi
}

# ---------------------------------------------------------------- the DAS
# The DAS runs no application in a cluster: its HTTP listeners are off (haproxy takes PORT_BASE+80).
start_das() {
    if domain_running; then
        log "Payara domain $DOMAIN (DAS) is already running (admin port $(admin_port))"
        return 0
    fi
    port_open "$(admin_port)" && die "port $(admin_port) is in use by another program; choose another WARDOPS_PORT_BASE (now $PORT_BASE)"
    log "starting Payara domain $DOMAIN (the DAS) ..."
    timeout 300 "$ASADMIN_BIN" --interactive=false start-domain "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 9>&- \
        || { tail_server_log; die "start-domain failed (log: $SERVER_LOG)"; }
}

restart_das() {
    log "restarting the DAS (configuration changed) ..."
    local auth i
    mapfile -t auth < <(as_auth)
    timeout 300 "$ASADMIN_BIN" --interactive=false "${auth[@]}" restart-domain "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 9>&- \
        || { tail_server_log; die "restart-domain failed"; }
    for ((i = 0; i < 120; i++)); do
        asadmin uptime >/dev/null 2>&1 && return 0
        sleep 1
    done
    tail_server_log
    die "the admin port $(admin_port) did not answer within 120 s after the restart"
}

# Keys every instance must share (docs/audit.md, docs/configuration.md): made here once, before any
# instance starts, so that no two instances generate their own at the same moment.
ensure_cluster_keys() {
    mkdir -p "$KEYS_DIR/audit-anchors"
    chmod 700 "$KEYS_DIR"
    if [ ! -s "$KEYS_DIR/wardops-secrets.key" ]; then
        (umask 077 && head -c 32 /dev/urandom | base64 >"$KEYS_DIR/wardops-secrets.key")
    fi
    if [ ! -s "$KEYS_DIR/wardops-audit-chain.keys" ]; then
        (umask 077 && {
            echo "# WARD OPS audit chain HMAC keys: '<id> <base64>'; the last line keys new rows."
            echo "# Never remove a line: older rows need their key to verify. Every node needs this same file."
            echo "k1 $(head -c 32 /dev/urandom | base64)"
        } >"$KEYS_DIR/wardops-audit-chain.keys")
    fi
    if [ ! -s "$KEYS_DIR/wardops-audit-anchor.key" ]; then
        command -v openssl >/dev/null || die "openssl not found (apt-get install -y openssl): it makes the audit anchor key"
        (umask 077 && openssl genpkey -algorithm ed25519 -out "$KEYS_DIR/wardops-audit-anchor.key.new" 2>>"$LOG_DIR/asadmin.log") \
            || die "openssl could not make an Ed25519 key"
        openssl pkey -in "$KEYS_DIR/wardops-audit-anchor.key.new" -pubout -out "$KEYS_DIR/wardops-audit-anchor.key.pub" \
            || die "openssl could not write the anchor public key"
        mv -f "$KEYS_DIR/wardops-audit-anchor.key.new" "$KEYS_DIR/wardops-audit-anchor.key"
    fi
    # The cluster key (docs/cluster.md): an AES-256 key in a PKCS12 keystore; JGroups encrypts every
    # message between the instances with it, so a process without it can neither join nor listen.
    if [ ! -s "$KEYS_DIR/wardops-cluster.p12" ]; then
        local keytool
        keytool=$(command -v keytool || true)
        [ -n "$keytool" ] || keytool="$(dirname "$(readlink -f "$(command -v java)")")/keytool"
        [ -x "$keytool" ] || die "keytool (part of the JDK) not found: it makes the cluster key"
        (umask 077 && head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$KEYS_DIR/wardops-cluster.p12.password")
        rm -f "$KEYS_DIR/wardops-cluster.p12.new"
        (umask 077 && "$keytool" -genseckey -alias wardops-cluster -keyalg AES -keysize 256 -storetype PKCS12 \
            -keystore "$KEYS_DIR/wardops-cluster.p12.new" -storepass:file "$KEYS_DIR/wardops-cluster.p12.password" \
            >>"$LOG_DIR/asadmin.log" 2>&1) || die "keytool could not make the cluster key (see $LOG_DIR/asadmin.log)"
        mv -f "$KEYS_DIR/wardops-cluster.p12.new" "$KEYS_DIR/wardops-cluster.p12"
    fi
}

configure_das() {
    local file=$WORK_DIR/das.asadmin want have
    {
        cat "$CONFIG_DIR/loopback.asadmin" "$CONFIG_DIR/security.asadmin"
        echo "# cluster: the DAS serves no application; haproxy takes the console port"
        echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener-1.enabled=false"
        echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener-2.enabled=false"
        # the data grid (console sessions): the DAS on +90, instance K on +90+K (HZ_LISTENER_PORT), found by
        # their fixed addresses on loopback (the domain discovery left each instance alone in a grid of its own)
        local grid="" g
        for ((g = 0; g <= 9; g++)); do grid+="${grid:+,}127.0.0.1:$((PORT_BASE + 90 + g))"; done
        echo "set-hazelcast-configuration --dasport $((PORT_BASE + 90)) --startport $((PORT_BASE + 91)) --clustermode tcpip --tcpipmembers $grid"
    } >"$file"
    want=$(digest <"$file")
    have=$(cat "$RUN_DIR/das-config.sha256" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
        log "applying server-config to the DAS (loopback, security, no HTTP listener, Hazelcast ports) ..."
        run_asadmin_file "$file"
        RESTART_NEEDED=1
    fi
    # one restart for both: this configuration and a JDBC driver copied into the domain's lib/
    [ "${RESTART_NEEDED:-0}" = 1 ] && restart_das
    RESTART_NEEDED=0
    echo "$want" >"$RUN_DIR/das-config.sha256"
}

# ---------------------------------------------------------------- the deployment group
# The group's shared config (wardops-config, a copy of default-config): loopback listeners, security,
# the JVM options of server-config/jvm.asadmin, the cluster's own options; per instance only ports.
cluster_config_file() {
    local out=$1 members="" k
    for ((k = 1; k <= CLUSTER_INSTANCES; k++)); do
        members+="${members:+,}127.0.0.1[$((CLUSTER_PORT + k - 1))]"
    done
    render "$CONFIG_DIR/jvm.asadmin" "$WORK_DIR/jvm.asadmin" \
        "HEAP=$HEAP" "VM_URL=$(esc_jvm "$VM_URL")" \
        "DEMO_DEVICES=$DEMO_DEVICES" "DEMO_BRANCHES=$DEMO_BRANCHES" \
        "INITIAL_PASSWORD_FILE=$(esc_jvm "$PASSWORD_FILE")"
    {
        cat "$CONFIG_DIR/loopback.asadmin" "$CONFIG_DIR/security.asadmin" "$WORK_DIR/jvm.asadmin" \
            | sed -e '/^set-hazelcast-configuration /d' \
                  -e 's/configs\.config\.server-config\./configs.config.'"$CLUSTER_CONFIG"'./' \
                  -e 's/^\(create\|delete\)-jvm-options /\1-jvm-options --target '"$CLUSTER_CONFIG"' /' \
                  -e 's/^set-log-attributes /set-log-attributes --target '"$CLUSTER_CONFIG"' /'
        echo "# cluster (docs/deploy.md, Running a cluster): the same keys on every instance, membership over JGroups"
        local opt
        for opt in \
            "-Dwardops.cluster.enabled=true" \
            "-Dwardops.cluster.name=$(esc_jvm "$CLUSTER_NAME")" \
            "-Dwardops.cluster.bind-address=127.0.0.1" \
            "-Dwardops.cluster.discovery=tcp" \
            "-Dwardops.cluster.members=$members" \
            "-Dwardops.cluster.node-name=\${com.sun.aas.instanceName}" \
            "-Dwardops.cluster.port=\${WARDOPS_CLUSTER_PORT}" \
            "-Dwardops.events.trap.port=\${WARDOPS_TRAP_PORT}" \
            "-Dwardops.events.syslog.port=\${WARDOPS_SYSLOG_PORT}" \
            "-Dwardops.cluster.keystore=$(esc_jvm "$KEYS_DIR/wardops-cluster.p12")" \
            "-Dwardops.cluster.keystore-password-file=$(esc_jvm "$KEYS_DIR/wardops-cluster.p12.password")" \
            "-Dwardops.secrets.key-file=$(esc_jvm "$KEYS_DIR/wardops-secrets.key")" \
            "-Dwardops.audit.chain.key-file=$(esc_jvm "$KEYS_DIR/wardops-audit-chain.keys")" \
            "-Dwardops.audit.anchor.key-file=$(esc_jvm "$KEYS_DIR/wardops-audit-anchor.key")" \
            "-Dwardops.audit.anchor.dir=$(esc_jvm "$KEYS_DIR/audit-anchors")"; do
            echo "delete-jvm-options --target $CLUSTER_CONFIG $opt"
            echo "create-jvm-options --target $CLUSTER_CONFIG $opt"
        done
        # Payara's default EJB timer store (an H2 file per server) has no table on an instance, and the
        # EAR's timers (all non-persistent) still need the service: the data grid's store needs none
        echo "set configs.config.$CLUSTER_CONFIG.ejb-container.ejb-timer-service.ejb-timer-service=DataGrid"
        # Console sessions in the data grid (web.xml is <distributable/>, the group deployment has availability):
        # a login survives its instance's death, haproxy sending the next request to another instance
        echo "set configs.config.$CLUSTER_CONFIG.availability-service.availability-enabled=true"
        echo "set configs.config.$CLUSTER_CONFIG.availability-service.web-container-availability.availability-enabled=true"
        echo "set configs.config.$CLUSTER_CONFIG.availability-service.web-container-availability.persistence-type=hazelcast"
    } >"$out"
}

# per-instance settings: system properties of the instance (not Java system properties: Payara
# replaces the ${...} of the group's JVM options with them when it starts the instance)
instance_properties() {
    local k=$1
    # HZ_LISTENER_PORT: the instance's data grid port, next to the DAS's (WARDOPS_PORT_BASE+90) from the
    # start port (+91) the domain's discovery looks at: the instances and the DAS form one data grid
    printf 'WARDOPS_CLUSTER_PORT=%s:WARDOPS_TRAP_PORT=%s:WARDOPS_SYSLOG_PORT=%s:HZ_LISTENER_PORT=%s' \
        $((CLUSTER_PORT + k - 1)) $((EVENTS_TRAP_PORT + k - 1)) $((EVENTS_SYSLOG_PORT + k - 1)) $((PORT_BASE + 90 + k))
}

configure_group() {
    local configs groups instances k name
    configs=$(asadmin list-configs) || die "list-configs failed: $configs"
    if ! grep -qx "$CLUSTER_CONFIG" <<<"$configs"; then
        log "creating the config $CLUSTER_CONFIG (a copy of default-config) ..."
        asadmin copy-config default-config "$CLUSTER_CONFIG" >>"$LOG_DIR/asadmin.log" || die "copy-config failed"
        rm -f "$RUN_DIR/group-config.sha256"
    fi
    groups=$(asadmin list-deployment-groups) || die "list-deployment-groups failed: $groups"
    if ! grep -qE "^[[:space:]]*$CLUSTER_GROUP[[:space:]]*$" <<<"$groups"; then
        log "creating the deployment group $CLUSTER_GROUP ..."
        asadmin create-deployment-group "$CLUSTER_GROUP" >>"$LOG_DIR/asadmin.log" || die "create-deployment-group failed"
    fi
    instances=$(asadmin list-instances --nostatus 2>/dev/null || true)
    for ((k = 1; k <= CLUSTER_INSTANCES; k++)); do
        name=$(instance_name "$k")
        if ! grep -q "^$name\b" <<<"$instances"; then
            local p
            for p in $(($(instance_port_base "$k") + 48)) $(instance_http_port "$k") $(($(instance_port_base "$k") + 81)); do
                port_open "$p" && die "port $p (instance $name) is in use; choose another WARDOPS_PORT_BASE (now $PORT_BASE)"
            done
            log "creating instance $name (port base $(instance_port_base "$k"), HTTP 127.0.0.1:$(instance_http_port "$k")) ..."
            asadmin create-instance --node "$CLUSTER_NODE" --config "$CLUSTER_CONFIG" --portbase "$(instance_port_base "$k")" \
                "$name" >>"$LOG_DIR/asadmin.log" || die "create-instance $name failed (see $LOG_DIR/asadmin.log)"
        fi
        if ! asadmin list-instances --nostatus "$CLUSTER_GROUP" 2>/dev/null | grep -q "^$name\b"; then
            asadmin add-instance-to-deployment-group --instance "$name" --deploymentgroup "$CLUSTER_GROUP" >>"$LOG_DIR/asadmin.log" \
                || die "add-instance-to-deployment-group $name failed"
        fi
        asadmin create-system-properties --target "$name" "$(instance_properties "$k")" >>"$LOG_DIR/asadmin.log" \
            || die "create-system-properties for $name failed"
    done
    # instances of an earlier, larger "cluster up" leave the group (their state stays on disk)
    for ((k = CLUSTER_INSTANCES + 1; k <= 9; k++)); do
        name=$(instance_name "$k")
        if grep -q "^$name\b" <<<"$instances"; then
            log "instance $name is not part of a $CLUSTER_INSTANCES-instance cluster: stopping and deleting it ..."
            stop_instance "$k"
            asadmin delete-instance "$name" >>"$LOG_DIR/asadmin.log" || warn "delete-instance $name failed"
        fi
    done

    local file=$WORK_DIR/group.asadmin want have stale=$WORK_DIR/stale-group-jvm.asadmin opt
    cluster_config_file "$file"
    want=$(digest <"$file")
    have=$(cat "$RUN_DIR/group-config.sha256" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
        log "applying server-config to $CLUSTER_CONFIG (loopback, security, JVM options, cluster settings) ..."
        : >"$stale"
        while IFS= read -r opt; do
            case "$opt" in
                -Xmx*|-Duser.timezone=*|-Dwardops.*)
                    grep -qxF -- "create-jvm-options --target $CLUSTER_CONFIG $(esc_jvm "$opt")" "$file" \
                        || echo "delete-jvm-options --target $CLUSTER_CONFIG $(esc_jvm "$opt")" >>"$stale" ;;
            esac
        done < <(asadmin list-jvm-options --target "$CLUSTER_CONFIG" | sed 's/ *-->.*$//')
        [ ! -s "$stale" ] || run_asadmin_file "$stale"
        run_asadmin_file "$file"
        echo "$want" >"$RUN_DIR/group-config.sha256"
        GROUP_RESTART_NEEDED=1
    fi
}

# The pools are the domain's; their resources are referenced by the group (server-config/jdbc*.asadmin).
configure_group_jdbc() {
    render_jdbc_script
    sed -i 's/^create-jdbc-resource /create-jdbc-resource --target '"$CLUSTER_GROUP"' /' "$WORK_DIR/jdbc.asadmin"
    local want have pools
    want=$(digest <"$WORK_DIR/jdbc.asadmin")
    have=$(cat "$RUN_DIR/jdbc.sha256" 2>/dev/null || true)
    pools=$(asadmin list-jdbc-connection-pools) || die "list-jdbc-connection-pools failed: $pools"
    if grep -qx "$POOL" <<<"$pools" && [ "$want" = "$have" ]; then
        log "JDBC pool $POOL is configured; checking it ..."
        asadmin ping-connection-pool "$POOL" >>"$LOG_DIR/asadmin.log" \
            || die "ping-connection-pool $POOL failed: the database $DB_HOST:$DB_PORT/$DB_NAME does not answer"
        return 0
    fi
    log "creating JDBC pools and resources for $CLUSTER_GROUP ..."
    local p
    for p in "$POOL" "$OWNER_POOL"; do
        if grep -qx "$p" <<<"$pools"; then
            asadmin delete-jdbc-connection-pool --cascade=true "$p" >>"$LOG_DIR/asadmin.log" \
                || die "delete-jdbc-connection-pool $p failed"
        fi
    done
    rm -f "$RUN_DIR/jdbc.sha256"
    run_asadmin_file "$WORK_DIR/jdbc.asadmin"
    echo "$want" >"$RUN_DIR/jdbc.sha256"
}

deploy_to_group() { deploy_app "$CLUSTER_GROUP" tail_first_instance_log; }
tail_first_instance_log() { tail_instance_log 1; }

tail_instance_log() {
    local log_file
    log_file=$(instance_dir "$1")/logs/server.log
    if [ -f "$log_file" ]; then
        echo "----- last 50 lines of $log_file -----" >&2
        tail -n 50 "$log_file" >&2
        echo "-----" >&2
    fi
}

# Starts instance K from this shell (start-local-instance), so it inherits this command's environment
# (WARDOPS_ADMIN_INITIAL_PASSWORD, read once by the first start). Returns at once when it runs.
start_instance() {
    local k=$1 name auth
    name=$(instance_name "$k")
    if instance_pid "$k" >/dev/null; then
        if [ "${GROUP_RESTART_NEEDED:-0}" = 1 ]; then
            log "restarting instance $name (${GROUP_RESTART_REASON:-configuration changed}) ..."
            stop_instance "$k"
        else
            log "instance $name is already running"
            return 0
        fi
    fi
    local p
    for p in $(($(instance_port_base "$k") + 48)) $(instance_http_port "$k"); do
        port_open "$p" && die "port $p (instance $name) is in use by another program; choose another WARDOPS_PORT_BASE"
    done
    log "starting instance $name ..."
    mapfile -t auth < <(as_auth)
    timeout 300 "$ASADMIN_BIN" --interactive=false "${auth[@]}" --host 127.0.0.1 --port "$(admin_port)" \
        start-local-instance --node "$CLUSTER_NODE" --sync normal "$name" >>"$LOG_DIR/asadmin.log" 2>&1 9>&- \
        || { tail_instance_log "$k"; die "start-local-instance $name failed (log: $(instance_dir "$k")/logs/server.log)"; }
}

stop_instance() {
    local k=$1 name pid auth
    name=$(instance_name "$k")
    pid=$(instance_pid "$k") || return 0
    log "stopping instance $name (pid $pid) ..."
    mapfile -t auth < <(as_auth)
    timeout 120 "$ASADMIN_BIN" --interactive=false "${auth[@]}" --host 127.0.0.1 --port "$(admin_port)" \
        stop-local-instance --node "$CLUSTER_NODE" "$name" >>"$LOG_DIR/asadmin.log" 2>&1 9>&- || true
    pid_alive "$pid" && stop_pid "$pid" 30
    return 0
}

# /api/v1/health of instance K answers (200, or 503 with the application's verdicts)
wait_for_instance() {
    local k=$1 base deadline answer code
    base=http://127.0.0.1:$(instance_http_port "$k")
    deadline=$((SECONDS + WAIT_SECONDS))
    log "waiting for instance $(instance_name "$k"): $base/api/v1/health (up to ${WAIT_SECONDS}s) ..."
    while [ "$SECONDS" -lt "$deadline" ]; do
        answer=$(curl -s -m 10 -w '\n%{http_code}' "$base/api/v1/health" 2>/dev/null || true)
        code=$(tail -n 1 <<<"$answer")
        if [ "$code" = 200 ] || { [ "$code" = 503 ] && grep -q '"checks"' <<<"$answer"; }; then
            log "instance $(instance_name "$k") answers: /api/v1/health -> $code"
            return 0
        fi
        instance_pid "$k" >/dev/null || { tail_instance_log "$k"; die "instance $(instance_name "$k") exited"; }
        sleep 2
    done
    tail_instance_log "$k"
    die "instance $(instance_name "$k") did not answer within ${WAIT_SECONDS}s"
}

# ---------------------------------------------------------------- haproxy
write_haproxy_config() {
    mkdir -p "$HAPROXY_DIR"
    local k servers=""
    for ((k = 1; k <= CLUSTER_INSTANCES; k++)); do
        servers+="    server $(instance_name "$k") 127.0.0.1:$(instance_http_port "$k") check cookie $(instance_name "$k")"$'\n'
    done
    cat >"$HAPROXY_CFG.new" <<EOF
# WARD OPS cluster load balancer, generated by deployment/wardops.sh cluster up (do not edit: rewritten
# by every "cluster up"). Loopback only. docs/deploy.md, "Running a cluster".
global
    log stdout format raw local0 info
    maxconn 4096
    stats socket $RUN_DIR/haproxy.sock mode 600 level admin

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # a WebSocket (the console's live feeds) stays open through the balancer for up to an hour idle
    timeout tunnel 1h
    timeout http-request 10s

frontend wardops
    bind 127.0.0.1:$(http_port)
    default_backend instances

backend instances
    balance roundrobin
    # sticky console sessions: the instance that holds a session gets its requests; when it is
    # down, the next request goes to another instance (and the cookie is rewritten)
    cookie WARDOPS_NODE insert indirect nocache httponly attr "SameSite=Lax"
    option redispatch
    retries 2
    # MicroProfile readiness: 503 while an instance is starting or cannot work (docs/deploy.md)
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 2s fall 2 rise 2
    # which instance answered (the cluster test and an operator's curl -i read it)
    http-response set-header X-Wardops-Instance %[srv_name]
$servers
listen stats
    bind 127.0.0.1:$(lb_stats_port)
    stats enable
    stats uri /
    stats refresh 5s
EOF
    haproxy -c -q -f "$HAPROXY_CFG.new" >>"$LOG_DIR/haproxy.log" 2>&1 \
        || { tail -n 20 "$LOG_DIR/haproxy.log" >&2; die "the generated haproxy configuration is refused (see $LOG_DIR/haproxy.log)"; }
    mv -f "$HAPROXY_CFG.new" "$HAPROXY_CFG"
}

start_haproxy() {
    local pid bin before
    before=
    [ ! -f "$HAPROXY_CFG" ] || before=$(digest <"$HAPROXY_CFG")
    write_haproxy_config
    bin=$(command -v haproxy || echo /usr/sbin/haproxy)
    if pid=$(haproxy_pid); then
        # the same configuration: haproxy keeps running, and no connection through it is cut
        if [ "$(digest <"$HAPROXY_CFG")" = "$before" ]; then
            log "haproxy (pid $pid) is running with this configuration"
            return 0
        fi
        log "restarting haproxy (pid $pid) with the new configuration ..."
        stop_pid "$pid" 10
    fi
    port_open "$(http_port)" && die "port $(http_port) is in use; the load balancer needs it (choose another WARDOPS_PORT_BASE)"
    port_open "$(lb_stats_port)" && die "port $(lb_stats_port) is in use; haproxy's statistics need it"
    nohup "$bin" -f "$HAPROXY_CFG" -db >>"$LOG_DIR/haproxy.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$HAPROXY_PID"
    local i
    for ((i = 0; i < 20; i++)); do
        port_open "$(http_port)" && { log "haproxy (pid $pid) listens on 127.0.0.1:$(http_port), statistics on 127.0.0.1:$(lb_stats_port)"; return 0; }
        pid_alive "$pid" || break
        sleep 0.5
    done
    tail -n 20 "$LOG_DIR/haproxy.log" >&2
    die "haproxy did not start (log: $LOG_DIR/haproxy.log)"
}

stop_haproxy() {
    local pid
    if pid=$(haproxy_pid); then
        log "stopping haproxy (pid $pid) ..."
        stop_pid "$pid" 10
    fi
    rm -f "$HAPROXY_PID"
}

# haproxy's view: "<server> <status>" per instance (UP, DOWN, MAINT, ...)
haproxy_view() {
    curl -s -m 5 "http://127.0.0.1:$(lb_stats_port)/;csv" 2>/dev/null \
        | awk -F, '$1 == "instances" && $2 != "BACKEND" && $2 != "FRONTEND" { print $2, $18 }'
}

# waits until haproxy sees every instance UP (readiness), bounded
wait_for_haproxy_view() {
    local deadline=$((SECONDS + WAIT_SECONDS)) view up
    while :; do
        view=$(haproxy_view)
        up=$(grep -c ' UP$' <<<"$view" || true)
        [ "$up" -ge "$CLUSTER_INSTANCES" ] && { log "haproxy sees $up instances UP"; return 0; }
        [ "$SECONDS" -lt "$deadline" ] || break
        sleep 2
    done
    warn "haproxy sees only ${up:-0} of $CLUSTER_INSTANCES instances ready: $(tr '\n' ' ' <<<"$view")"
}

# ---------------------------------------------------------------- commands
cmd_cluster_up() {
    check_prerequisites
    check_cluster_settings
    mkdir -p "$LOG_DIR" "$RUN_DIR" "$WORK_DIR"
    exec 9>"$RUN_DIR/lock"
    flock -n 9 || die "another wardops.sh is running (lock $RUN_DIR/lock)"
    RESTART_NEEDED=0 GROUP_RESTART_NEEDED=0 GROUP_RESTART_REASON=
    install_packages
    install_haproxy
    build_ear
    setup_database
    setup_victoria_metrics
    install_payara
    printf 'INSTANCES=%s\n' "$CLUSTER_INSTANCES" >"$CLUSTER_FILE"
    start_das
    ensure_domain_password
    configure_das
    ensure_cluster_keys
    configure_group
    configure_group_jdbc
    # An application the group has already: deployed (when the EAR changed) before any instance starts,
    # so that every instance loads it with its start; one that was running gets it live and is
    # restarted below (deploy_app says why). An unchanged EAR is kept, and instances that are running
    # keep running: "cluster up" again after an instance died only starts that one.
    local deployed=0
    if app_in_domain; then
        deploy_to_group
        deployed=1
        if [ "$APP_REPLACED" = 1 ]; then
            GROUP_RESTART_NEEDED=1
            GROUP_RESTART_REASON="the new application is loaded by a start"
        fi
    fi
    # The first instance alone first: on a new database it migrates the schema, creates the first
    # admin and loads the demo fleet, which two first starts at once would both try. Each instance
    # that is restarted is ready again before the next one stops (a rolling restart).
    start_instance 1
    [ "$deployed" = 1 ] || deploy_to_group
    wait_for_instance 1
    local k
    for ((k = 2; k <= CLUSTER_INSTANCES; k++)); do
        start_instance "$k"
    done
    for ((k = 2; k <= CLUSTER_INSTANCES; k++)); do
        wait_for_instance "$k"
    done
    start_haproxy
    SERVER_LOG=$(instance_dir 1)/logs/server.log
    wait_for_first_round
    wait_for_cluster_round
    wait_for_haproxy_view
    start_demo_snmp
    print_cluster_info
}

# Each instance probes its share of the fleet (the branches it owns): the first round of the cluster
# is done when the shares the instances probed in their last rounds add up to every enabled device.
# Replaces FIRST_ROUND (one instance's share, as wait_for_first_round saw it through haproxy) with the
# whole fleet's counts. Needs the first admin's password (initial-admin-password); without it the line
# says it is one instance's share.
wait_for_cluster_round() {
    local deadline k base answer part owned total up down sum_owned sum_up sum_down auth
    [ -s "$WARDOPS_HOME/initial-admin-password" ] || { FIRST_ROUND="$FIRST_ROUND (one instance's share)"; return 0; }
    auth="admin:$(cat "$WARDOPS_HOME/initial-admin-password")"
    deadline=$((SECONDS + ROUND_WAIT_SECONDS))
    while [ "$SECONDS" -lt "$deadline" ]; do
        sum_owned=0 sum_up=0 sum_down=0 total=
        for ((k = 1; k <= CLUSTER_INSTANCES; k++)); do
            base=http://127.0.0.1:$(instance_http_port "$k")
            answer=$(curl -s -m 10 -u "$auth" "$base/api/v1/cluster" 2>/dev/null || true)
            owned=$(health_field ownedDevices <<<"$answer")
            total=$(health_field devices <<<"$answer")
            part=$(curl -s -m 10 "$base/api/v1/health" 2>/dev/null | head -n 1 | health_check_part availability-rounds)
            up=$(health_field lastRoundUp <<<"$part")
            down=$(health_field lastRoundDown <<<"$part")
            sum_owned=$((sum_owned + ${owned:-0}))
            sum_up=$((sum_up + ${up:-0}))
            sum_down=$((sum_down + ${down:-0}))
        done
        if [ -n "$total" ] && [ "$sum_owned" = "$total" ]; then
            FIRST_ROUND="$total devices probed: $sum_up up, $sum_down down (by $CLUSTER_INSTANCES instances)"
            log "$FIRST_ROUND"
            return 0
        fi
        sleep 2
    done
    FIRST_ROUND="$FIRST_ROUND (one instance's share; the instances' shares did not add up to the fleet within ${ROUND_WAIT_SECONDS}s)"
    warn "$FIRST_ROUND"
}

cmd_cluster_stop() {
    mkdir -p "$RUN_DIR"
    exec 9>"$RUN_DIR/lock"
    flock -w 30 9 || die "another wardops.sh is running (lock $RUN_DIR/lock)"
    stop_haproxy
    local k count
    count=$(saved_instances)
    for ((k = 1; k <= ${count:-9}; k++)); do
        stop_instance "$k"
    done
    cmd_stop
}

cmd_cluster_status() {
    local rc=0 k count name pid ready view state
    count=$(saved_instances)
    [ -n "$count" ] || { echo "no cluster here (WARDOPS_HOME=$WARDOPS_HOME); start one: $0 cluster up"; return 3; }
    echo "WARD OPS cluster status (WARDOPS_HOME=$WARDOPS_HOME, deployment group $CLUSTER_GROUP, $count instances)"
    view=$(haproxy_view)
    for ((k = 1; k <= count; k++)); do
        name=$(instance_name "$k")
        if pid=$(instance_pid "$k"); then
            ready=$(http_code "http://127.0.0.1:$(instance_http_port "$k")/health/ready")
            state="running (pid $pid)"
        else
            ready=000 state=stopped
        fi
        printf '  %-16s %s, HTTP 127.0.0.1:%s, /health/ready -> %s, haproxy: %s\n' "instance $name" "$state" \
            "$(instance_http_port "$k")" "$ready" "$(sed -n "s/^$name //p" <<<"$view" | head -n 1 | grep . || echo '?')"
        [ "$ready" = 200 ] || rc=3
    done
    if pid=$(haproxy_pid); then
        printf '  %-16s running (pid %s) on 127.0.0.1:%s, statistics http://127.0.0.1:%s/; /api/v1/health -> %s\n' "haproxy" "$pid" \
            "$(http_port)" "$(lb_stats_port)" "$(http_code "http://127.0.0.1:$(http_port)/api/v1/health")"
    else
        printf '  %-16s stopped\n' "haproxy"; rc=3
    fi
    if domain_running; then
        printf '  %-16s running: admin 127.0.0.1:%s\n' "DAS ($DOMAIN)" "$(admin_port)"
    else
        printf '  %-16s stopped\n' "DAS ($DOMAIN)"; rc=3
    fi
    cmd_status | sed -n '/PostgreSQL\|VictoriaMetrics/p' || true
    return $rc
}

print_cluster_info() {
    print_info | sed -e '/^  Admin (asadmin/s/^  Admin/  DAS admin/' \
        -e "s|^  Logs:.*|  Logs:         $(instance_dir 1)/logs/server.log (instance i1; i2... beside it), $LOG_DIR/|" \
        -e "s|^  Stop: .*|  Stop: $0 cluster stop     Status: $0 cluster status|"
    echo
    echo "  Cluster:      $CLUSTER_INSTANCES instances of deployment group $CLUSTER_GROUP behind haproxy on 127.0.0.1:$(http_port)"
    local k
    for ((k = 1; k <= CLUSTER_INSTANCES; k++)); do
        echo "                $(instance_name "$k"): HTTP 127.0.0.1:$(instance_http_port "$k"), JGroups 127.0.0.1:$((CLUSTER_PORT + k - 1)), traps UDP $((EVENTS_TRAP_PORT + k - 1)), syslog $((EVENTS_SYSLOG_PORT + k - 1))"
    done
    echo "                haproxy statistics: http://127.0.0.1:$(lb_stats_port)/"
}
