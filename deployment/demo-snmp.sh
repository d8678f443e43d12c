#!/usr/bin/env bash
# Gives the demo fleet real SNMP agents: one net-snmp agent (Debian's snmpd) listening on the
# loopback addresses of the first N demo branch routers (127.20.<n>.1, UDP 1161), and, through the
# REST API, a v2c credential "demo-snmp" (stored encrypted) linked to those routers, so that the
# SNMP collector's counters and rates flow in the demo. Loopback only. Called by wardops.sh:
#   demo-snmp.sh start <base-url> <admin-password-or-empty> <state-dir> <agents>
#   demo-snmp.sh stop <state-dir>
set -euo pipefail

COMMUNITY=wardops-demo
PORT=1161

log() { printf '[wardops] %s\n' "$*"; }

stop_agent() {
    local dir=$1 pid
    [ -f "$dir/snmpd.pid" ] || return 0
    pid=$(cat "$dir/snmpd.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q snmpd "/proc/$pid/cmdline" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        log "demo SNMP agent stopped"
    fi
    rm -f "$dir/snmpd.pid"
}

start_agent() {
    local dir=$1 agents=$2 addresses="" i pid
    if [ -f "$dir/snmpd.pid" ] && pid=$(cat "$dir/snmpd.pid") && kill -0 "$pid" 2>/dev/null; then
        return 0
    fi
    if [ ! -x /usr/sbin/snmpd ]; then
        log "snmpd is not installed; the demo runs without SNMP agents (apt-get install snmpd)"
        return 1
    fi
    mkdir -p "$dir/persist"
    for ((i = 0; i < agents; i++)); do
        addresses+="${addresses:+,}udp:127.20.$i.1:$PORT"
    done
    cat >"$dir/snmpd.conf" <<CONF
[snmp] persistentDir $dir/persist
rocommunity $COMMUNITY 127.0.0.0/8
sysLocation WARD OPS demo branch router
CONF
    MIBS= SNMP_PERSISTENT_DIR="$dir/persist" setsid /usr/sbin/snmpd -f -Lo -C -c "$dir/snmpd.conf" -p "$dir/snmpd.pid" -r "$addresses" \
        >"$dir/snmpd.log" 2>&1 </dev/null &
    for _ in $(seq 1 50); do
        grep -q "NET-SNMP version" "$dir/snmpd.log" 2>/dev/null && { log "demo SNMP agent up on $agents router addresses (UDP $PORT)"; return 0; }
        sleep 0.2
    done
    log "the demo SNMP agent did not start; see $dir/snmpd.log"
    return 1
}

link_devices() {
    local base=$1 password=$2 dir=$3 agents=$4
    [ -f "$dir/linked" ] && return 0
    [ -n "$password" ] || { log "demo SNMP: the admin password is no longer known; devices not linked"; return 0; }
    python3 - "$base" "$password" "$agents" "$COMMUNITY" "$PORT" <<'PY'
import base64, json, sys, urllib.request, urllib.error
base, password, agents, community, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
auth = "Basic " + base64.b64encode(("admin:" + password).encode()).decode()
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
status, cred = call("POST", "/api/v1/snmp-credentials", {"name": "demo-snmp", "snmpVersion": "v2c", "community": community})
if status == 409:
    cred = next(c for c in call("GET", "/api/v1/snmp-credentials")[1] if c["name"] == "demo-snmp")
elif status != 201:
    sys.exit("creating the demo SNMP credential failed: HTTP %d" % status)
keep = ["name", "ip", "type", "vendor", "model", "branchId", "parentId", "enabled", "tags", "description", "version"]
for n in range(agents):
    ip = "127.20.%d.1" % n
    page = call("GET", "/api/v1/devices?q=" + ip + "&limit=5")[1]
    device = next((d for d in page["items"] if d["ip"] == ip), None)
    if device is None:
        continue
    draft = {k: device.get(k) for k in keep}
    draft.update({"snmpPort": port, "snmpCredentialId": cred["id"]})
    status, _ = call("PUT", "/api/v1/devices/%d" % device["id"], draft)
    if status != 200:
        sys.exit("linking %s to the demo SNMP credential failed: HTTP %d" % (device["name"], status))
print("[wardops] demo SNMP: %d routers polled with credential 'demo-snmp'" % agents)
PY
    touch "$dir/linked"
}

case "${1:-}" in
    start) start_agent "$4" "$5" && link_devices "$2" "$3" "$4" "$5" ;;
    stop) stop_agent "$2" ;;
    *) echo "usage: $0 start <base-url> <admin-password> <state-dir> <agents> | stop <state-dir>" >&2; exit 2 ;;
esac
