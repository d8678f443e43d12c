#!/usr/bin/env python3
"""Helper of deployment/bench/read (the read path benchmark); not meant to be run by hand.

Subcommands:
  wait-rounds BASE USER PASSWORD DEVICES LIMIT_S   waits until every device of the live list has been
                                                   probed (lastProbe set) and one more round passed
  measure BASE USER PASSWORD VM_URL SECONDS ROOT OUT  latency of every read endpoint (wrk, keep-alive,
                                                   one connection) and cold history next to the same
                                                   query sent straight to VictoriaMetrics; JSON to OUT
  backfill BASE USER PASSWORD VM_URL HOURS END MAX_DEVICES
                                                   HOURS of 10 s ping samples (rtt, loss, up) ending at epoch
                                                   second END for the devices the measurement asks for and
                                                   others up to MAX_DEVICES, imported into VictoriaMetrics
  pick-devices BASE USER PASSWORD N                "id=address" of N UP devices, spread over the fleet
  add-feed RESULT FEED_OUT COMMAND [BACKFILL_OUT]            the feed probe's lines and the run's description into RESULT
  report RESULTS... DOC                            the markdown section; appended to DOC unless DOC is -
"""
import base64
import http.client
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

LUA = r'''
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %d %d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
'''


def auth(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Client:
    """One keep-alive connection, as wrk and a browser use."""

    def __init__(self, base, headers=None):
        u = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.headers = headers or {}

    def request(self, method, path, body=None, headers=None):
        h = dict(self.headers)
        h.update(headers or {})
        t0 = time.perf_counter()
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        ms = (time.perf_counter() - t0) * 1000
        return r.status, data, ms


def get_json(base, user, password, path):
    c = Client(base, {"Authorization": auth(user, password)})
    status, data, _ = c.request("GET", path)
    if status != 200:
        sys.exit(f"read_tool: GET {path} answered {status}: {data[:300]!r}")
    return json.loads(data)


def wait_rounds(base, user, password, devices, limit_s):
    deadline = time.time() + float(limit_s)
    first_full = None
    while time.time() < deadline:
        try:
            fleet = get_json(base, user, password, "/api/v1/devices/standalone/list")
        except (OSError, http.client.HTTPException):
            time.sleep(2)
            continue
        probed = [d for d in fleet if d.get("lastProbe")]
        if len(fleet) >= int(devices) and len(probed) == len(fleet):
            newest = max(d["lastProbe"] for d in probed)
            if first_full is None:
                first_full = newest
            elif newest != first_full:
                up = sum(1 for d in fleet if d["status"] == "UP")
                print(f"{len(fleet)} devices probed, {up} UP")
                return
        time.sleep(2)
    sys.exit(f"read_tool: the {devices} devices were not all probed within {limit_s} s")


def wrk(url, headers, seconds, connections=1):
    lua = Path("/tmp/wardops-read-bench.lua")
    lua.write_text(LUA)
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(lua)]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=int(seconds) + 60).stdout
    m = re.search(r"^RESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)$", out, re.M)
    if not m:
        sys.exit(f"read_tool: wrk gave no result for {url}: {out[-500:]}")
    n, p50, p95, p99, mx, bad, errors = m.groups()
    if int(bad) or int(errors):
        sys.exit(f"read_tool: {url}: {bad} non-2xx answers and {errors} socket errors; not a valid measurement")
    return {"requests": int(n), "p50": float(p50), "p95": float(p95), "p99": float(p99), "max": float(mx)}


def pct(values, p):
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 3)


def history_expression(root):
    src = Path(root, "ejb-module/src/main/java/ge/wardops/history/HistorySource.java").read_text()
    m = re.search(r'static final String EXPRESSION = (.*?);\n', src, re.S)
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    return "".join(parts).replace('\\"', '"')


def measure(base, user, password, vm_url, seconds, root, out):
    seconds = int(seconds)
    headers = {"Authorization": auth(user, password), "Accept-Encoding": "gzip"}
    fleet = get_json(base, user, password, "/api/v1/devices/standalone/list")
    ids = [d["id"] for d in fleet]
    branch = fleet[len(fleet) // 2]["branchId"]
    device = fleet[len(fleet) // 3]["id"]
    result = {"devices": len(fleet)}

    plain = Client(base, {"Authorization": auth(user, password)})
    _, list_body, _ = plain.request("GET", "/api/v1/devices/standalone/list")
    gz = Client(base, headers)
    _, list_gz, _ = gz.request("GET", "/api/v1/devices/standalone/list")
    result["list_bytes"] = len(list_body)
    result["list_bytes_gzip"] = len(list_gz)

    endpoints = [
        ("dashboard/stats", "/api/v1/dashboard/stats"),
        ("devices/standalone/list", "/api/v1/devices/standalone/list"),
        ("devices/standalone/page (100 by rtt)", "/api/v1/devices/standalone/page?page=2&size=100&sort=rtt&order=desc"),
        ("devices/{id} (detail)", f"/api/v1/devices/{device}"),
        ("devices/{id}/history warm (24h)", f"/api/v1/devices/{device}/history?time_range=24h"),
        ("branches/summary (24h)", "/api/v1/branches/summary?time_range=24h"),
        ("regions/summary (24h)", "/api/v1/regions/summary?time_range=24h"),
        ("branches/{id}/summary (7d)", f"/api/v1/branches/{branch}/summary?time_range=7d"),
    ]
    # Warm-up: every endpoint once (fills caches, JIT), then wrk per endpoint.
    for _, path in endpoints:
        status, body, _ = gz.request("GET", path)
        if status != 200:
            sys.exit(f"read_tool: GET {path} answered {status}: {body[:300]!r}")
    result["endpoints"] = {}
    for name, path in endpoints:
        result["endpoints"][name] = wrk(base + path, headers, seconds)
        print(f"{name}: {result['endpoints'][name]}", file=sys.stderr)

    # Cold history next to raw VictoriaMetrics: each request a device not asked for before (a cache miss in the
    # application, a series VictoriaMetrics' own rollup cache has not seen), alternating, same query shape.
    expression = history_expression(root)
    vm = Client(vm_url)
    app = Client(base, headers)
    pairs = cold_pairs(ids)
    cold, raw = [], []
    step = 300
    for i in range(pairs):
        a, b = ids[2 * i], ids[2 * i + 1]
        status, body, ms = app.request("GET", f"/api/v1/devices/{a}/history?time_range=24h")
        if status != 200:
            sys.exit(f"read_tool: cold history answered {status}: {body[:300]!r}")
        cold.append(ms)
        now = int(time.time())
        end = (now + step - 1) // step * step
        start = (now - 86400) // step * step
        q = expression.replace("%1$s", '{device_id=~"%d"}' % b).replace("%2$d", str(step))
        form = urllib.parse.urlencode({"query": q, "start": start, "end": end, "step": step})
        status, body, ms = vm.request("POST", "/api/v1/query_range", body=form,
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        if status != 200:
            sys.exit(f"read_tool: VictoriaMetrics answered {status}: {body[:300]!r}")
        raw.append(ms)
    result["history_cold"] = {"n": pairs, "p50": pct(cold, 50), "p95": pct(cold, 95), "p99": pct(cold, 99)}
    result["history_raw_vm"] = {"n": pairs, "p50": pct(raw, 50), "p95": pct(raw, 95), "p99": pct(raw, 99)}
    print(f"history cold {result['history_cold']} raw VM {result['history_raw_vm']}", file=sys.stderr)
    Path(out).write_text(json.dumps(result, indent=1))


def cold_pairs(ids):
    """How many app/raw pairs the cold measurement makes: it asks for ids[0 .. 2 * pairs - 1]."""
    return min(150, len(ids) // 2 - 1)


def backfill(base, user, password, vm_url, hours, end, max_devices):
    """A day (HOURS) of the samples the probe rounds write, every 10 s, for the devices the measurement reads
    (the cold ones, the warm one) and then others up to MAX_DEVICES, with the labels the application writes
    (docs/metrics.md), sent to /api/v1/import/prometheus in batches of 20 devices generated in memory."""
    hours, end, max_devices = int(hours), int(end), int(max_devices)
    if hours <= 0:
        print("backfill: none asked for")
        return
    fleet = get_json(base, user, password, "/api/v1/devices/standalone/list")
    branches = {b["id"]: b for b in get_json(base, user, password, "/api/v1/branches")}
    regions = {r["id"]: r["code"] for r in get_json(base, user, password, "/api/v1/regions")}
    ids = [d["id"] for d in fleet]
    by_id = {d["id"]: d for d in fleet}
    first = ids[:2 * cold_pairs(ids)] + [fleet[len(fleet) // 3]["id"]]
    order = list(dict.fromkeys(first + ids))[:max(max_devices, len(set(first)))]
    end = end // 10 * 10
    stamps = [f" {t * 1000}\n" for t in range(end - hours * 3600 + 10, end + 1, 10)]
    noise = [f"{0.8 + ((i * 7919) % 1000) / 250:.3f}" for i in range(997)]
    u = urllib.parse.urlparse(vm_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    t0 = time.time()
    samples = 0
    for start in range(0, len(order), 20):
        parts = []
        for dev in order[start:start + 20]:
            d = by_id[dev]
            b = branches.get(d["branchId"], {})
            labels = '{device_id="%d",branch="%s",region="%s",type="%s"}' % (
                dev, b.get("code", ""), regions.get(d["regionId"], ""), d["type"])
            up, loss = f"wardops_ping_up{labels} 1", f"wardops_ping_loss_percent{labels} 0"
            rtt = f"wardops_ping_rtt_ms{labels} "
            k = dev % 997
            parts.append("".join(up + s for s in stamps))
            parts.append("".join(loss + s for s in stamps))
            parts.append("".join(rtt + noise[(k + i) % 997] + s for i, s in enumerate(stamps)))
            samples += 3 * len(stamps)
        body = "".join(parts).encode()
        conn.request("POST", "/api/v1/import/prometheus", body=body, headers={"Content-Type": "text/plain"})
        r = conn.getresponse()
        answer = r.read()
        if r.status not in (200, 204):
            sys.exit(f"read_tool: VictoriaMetrics import answered {r.status}: {answer[:300]!r}")
    for path in ("/internal/force_flush", "/internal/resetRollupResultCache"):
        conn.request("GET", path)
        conn.getresponse().read()
    # The import is visible to queries once flushed; check one measured device's day is there.
    q = urllib.parse.urlencode({"query": 'sum(count_over_time(wardops_ping_up{device_id="%d"}[%dh]))' % (order[0], hours),
                                "time": end})
    for _ in range(60):
        conn.request("GET", "/api/v1/query?" + q)
        data = json.loads(conn.getresponse().read())
        got = data.get("data", {}).get("result", [])
        if got and float(got[0]["value"][1]) >= len(stamps):
            break
        time.sleep(1)
    else:
        sys.exit(f"read_tool: the backfilled samples of device {order[0]} are not readable: {data}")
    print(f"backfill: {samples} samples ({hours} h, 10 s step, 3 series) for {len(order)} of {len(ids)} devices "
          f"in {time.time() - t0:.0f} s")


def pick_devices(base, user, password, n):
    fleet = [d for d in get_json(base, user, password, "/api/v1/devices/standalone/list") if d["status"] == "UP" and d["enabled"]]
    n = int(n)
    picked = [fleet[(i * len(fleet)) // n + 1] for i in range(n)]
    print(" ".join(f"{d['id']}={d['ip']}" for d in picked))


def add_feed(result, feed_out, command, backfill_out=None):
    r = json.loads(Path(result).read_text())
    if backfill_out and Path(backfill_out).exists():
        r["backfill"] = Path(backfill_out).read_text().strip()
    changes, snapshot = [], 0
    for line in Path(feed_out).read_text().splitlines():
        parts = line.split()
        if parts and parts[0] == "change":
            changes.append({"id": int(parts[1]), "to": parts[2], "rest_ms": float(parts[3]), "ws_ms": float(parts[4]),
                            "delta_bytes": int(parts[5]), "probe_to_ws_ms": int(parts[6])})
        elif parts and parts[0] == "snapshot_bytes":
            snapshot = int(parts[1])
    if not changes:
        sys.exit("read_tool: the feed probe measured no change")
    r["feed"] = {"changes": changes, "snapshot_bytes": snapshot,
                 "ws_after_state": [round(c["ws_ms"] - c["rest_ms"], 1) for c in changes],
                 "ws_after_route": [c["ws_ms"] for c in changes],
                 "delta_bytes": [c["delta_bytes"] for c in changes]}
    cpu = subprocess.run(["sh", "-c", "awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo"], capture_output=True, text=True).stdout.strip()
    mem = subprocess.run(["sh", "-c", "free -h | awk '/^Mem:/ {print $2}'"], capture_output=True, text=True).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    vm = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "victoria-metrics"], capture_output=True, text=True).stdout
    load = Path("/proc/loadavg").read_text().split()[:3]
    import os
    r["meta"] = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "command": command,
                 "machine": f"{os.cpu_count()} CPUs ({cpu}), {mem} RAM, load average {' '.join(load)} at the end",
                 "software": f"{java}, Payara Server 6.2025.9 (deployment/wardops.sh), VictoriaMetrics {vm}, wrk 4.1.0"}
    Path(result).write_text(json.dumps(r, indent=1))


TARGETS = {"dashboard/stats": 5.0, "devices/standalone/list": 10.0, "devices/{id}/history warm (24h)": 2.0}


def report(paths, doc):
    runs = [json.loads(Path(p).read_text()) for p in paths]
    lines = []
    meta = runs[0]["meta"]
    lines.append(f"### {meta['date']}")
    lines.append("")
    lines.append(f"Command: `{meta['command']}`  ")
    lines.append(f"Machine: {meta['machine']}  ")
    lines.append(f"Software: {meta['software']}" + ("  " if any("backfill" in r for r in runs) else ""))
    backfills = [f"{r['devices']} devices: {r['backfill']}" for r in runs if "backfill" in r]
    if backfills:
        lines.append("VictoriaMetrics before measuring: " + "; ".join(backfills))
    lines.append("")
    header = "| endpoint | " + " | ".join(f"{r['devices']} devices p50 / p95 / p99 ms" for r in runs) + " | target |"
    lines += [header, "|---|" + "---|" * len(runs) + "---|"]
    missed = []
    for name in runs[0]["endpoints"]:
        cells = []
        for r in runs:
            e = r["endpoints"][name]
            cells.append(f"{e['p50']:.2f} / {e['p95']:.2f} / {e['p99']:.2f}")
        target = TARGETS.get(name)
        note = ""
        if target is not None:
            note = f"p95 ≤ {target:g} ms" + (" at 875" if name == "devices/standalone/list" else "")
            for r in runs:
                if name == "devices/standalone/list" and r["devices"] > 1000:
                    continue
                if r["endpoints"][name]["p95"] > target:
                    missed.append(f"{name} p95 {r['endpoints'][name]['p95']} ms at {r['devices']} devices (target {target} ms)")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {note} |")
    for key, label in (("history_cold", "devices/{id}/history cold (24h, cache miss)"),
                       ("history_raw_vm", "the same query straight to VictoriaMetrics")):
        cells = [f"{r[key]['p50']:.2f} / {r[key]['p95']:.2f} / {r[key]['p99']:.2f}" for r in runs]
        note = "cold ≤ 1.2× raw VM" if key == "history_cold" else ""
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {note} |")
    for r in runs:
        ratio50 = r["history_cold"]["p50"] / r["history_raw_vm"]["p50"]
        ratio95 = r["history_cold"]["p95"] / r["history_raw_vm"]["p95"]
        r["cold_ratio"] = (round(ratio50, 2), round(ratio95, 2))
        if ratio50 > 1.2:
            missed.append(f"cold history {ratio50:.2f}× raw VictoriaMetrics at p50 with {r['devices']} devices")
    lines.append("")
    lines.append("| live feed | " + " | ".join(f"{r['devices']} devices" for r in runs) + " | target |")
    lines.append("|---|" + "---|" * len(runs) + "---|")
    feed_rows = [
        ("changes measured", lambda f: str(len(f["changes"])), ""),
        ("state visible in memory → delta at the client, ms (median / max)",
         lambda f: f"{statistics.median(f['ws_after_state']):.1f} / {max(f['ws_after_state']):.1f}", "≤ 200 ms"),
        ("route changed → delta at the client, ms (median / max; includes the probe rounds and debounce)",
         lambda f: f"{statistics.median(f['ws_after_route']):.0f} / {max(f['ws_after_route']):.0f}", ""),
        ("delta size for one change, bytes (max)", lambda f: str(max(f["delta_bytes"])), "≤ 2 KB"),
        ("snapshot on connect, bytes", lambda f: str(f["snapshot_bytes"]), ""),
        ("full standalone list, bytes (gzip on the wire)", lambda f: f"{f['list_bytes']} ({f['list_bytes_gzip']})", ""),
    ]
    for label, cell, target in feed_rows:
        lines.append(f"| {label} | " + " | ".join(cell(r["feed"] | {"list_bytes": r["list_bytes"], "list_bytes_gzip": r["list_bytes_gzip"]}) for r in runs) + f" | {target} |")
    for r in runs:
        f = r["feed"]
        if max(f["ws_after_state"]) > 200:
            missed.append(f"feed delta {max(f['ws_after_state'])} ms after the state change with {r['devices']} devices")
        if max(f["delta_bytes"]) > 2048:
            missed.append(f"delta of {max(f['delta_bytes'])} bytes for one change")
    lines.append("")
    lines.append("History cold / raw VictoriaMetrics: " + ", ".join(
        f"{r['cold_ratio'][0]}× at p50 and {r['cold_ratio'][1]}× at p95 ({r['devices']} devices)" for r in runs) + ".")
    lines.append("")
    lines.append("Targets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed) + "."))
    lines.append("")
    text = "\n".join(lines)
    print(text)
    if doc != "-":
        d = Path(doc)
        d.write_text(d.read_text().rstrip("\n") + "\n\n" + text)
    return 2 if missed else 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "wait-rounds":
        wait_rounds(*args)
    elif cmd == "measure":
        measure(*args)
    elif cmd == "backfill":
        backfill(*args)
    elif cmd == "pick-devices":
        pick_devices(*args)
    elif cmd == "add-feed":
        add_feed(*args)
    elif cmd == "report":
        sys.exit(report(args[:-1], args[-1]))
    else:
        sys.exit(__doc__)
