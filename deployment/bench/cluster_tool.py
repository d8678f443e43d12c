#!/usr/bin/env python3
"""Helper of deployment/bench/cluster (the cluster benchmark); not meant to be run by hand.

Every subcommand that talks to the application reads the first admin's password from the
environment variable BENCH_ADMIN_PASSWORD (never from the command line). Instances are given as a
file of lines "<name> <base URL> <pid>" (SPEC).

Subcommands:
  fleet DIR DEVICES BRANCH_SIZE ROWS_PER_FILE
        the fleet as CSV import files DIR/devices-NNN.csv (name,ip,type,branch,tags,description) and
        DIR/branches.txt (one branch code per line); addresses 127.100.0.1 on (127.100.0.0/14, last
        byte 1-250)
  load BASE DIR OUT_JSON
        through the API of BASE: one region, the branches of DIR/branches.txt (POST /api/v1/branches),
        then every DIR/devices-*.csv (POST /api/v1/devices/import, each job polled until it ends)
  check-interval SPEC INTERVAL_S
        every instance's /api/v1/health says its availability rounds run every INTERVAL_S
  settle SPEC DEVICES WARMUP_ROUNDS LIMIT_S
        waits until every instance sees all instances as members, the instances' last-round shares
        (GET /api/v1/cluster ownedDevices) add up to DEVICES, then WARMUP_ROUNDS more rounds on
        every instance
  watch SPEC INTERVAL_S ROUNDS VM_PID OUT_JSON
        the measurement: ROUNDS intervals; per instance every round's duration, devices and lag
        (/metrics), CPU ticks of its JVM (and reaped fping children) from /proc/<pid>/stat, heap used
        (memory_usedHeap_bytes) every few seconds, RSS; skipped/failed rounds and sample counters
  samples VM_URL FROM_MS TO_MS INTERVAL_S DEVICES OUT_JSON
        wardops_ping_up samples per device per round in VictoriaMetrics (export), over the whole
        rounds inside FROM..TO (round boundaries found from the samples' own timestamps)
  kill SPEC VICTIM VM_URL DEVICES INTERVAL_S PHASE_S OUT_JSON
        kill -9 of instance VICTIM (its name) PHASE_S after a round boundary; times the view without
        it, and from the samples: when every device was probed again, the longest gap, doubles
  report WORK DOC
        the summary table from WORK/cfg-*/; prints it, with DOC != "-" inserts it into DOC under
        "## Cluster (100,000 devices)"; exit 0 all targets met, 2 a target missed
"""
import base64
import glob
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

SECTION = "## Cluster (100,000 devices)"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def die(msg):
    print(f"cluster_tool: {msg}", file=sys.stderr)
    sys.exit(1)


def log(msg):
    print(f"== {time.strftime('%H:%M:%S')}  {msg}", file=sys.stderr, flush=True)


def now_ms():
    return int(time.time() * 1000)


# ------------------------------------------------------------------------------------------- HTTP
def auth_header():
    password = os.environ.get("BENCH_ADMIN_PASSWORD")
    if not password:
        die("BENCH_ADMIN_PASSWORD is not set")
    return "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()


class Api:
    """One keep-alive connection to one instance, Basic auth, retries on 429/503 and lost connections."""

    def __init__(self, base, timeout=120):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = u.hostname, u.port or 80, timeout
        self.conn = None
        self.auth = auth_header()

    def request(self, method, path, body=None, ctype=None, tries=8):
        headers = {"Authorization": self.auth, "Accept": "application/json"}
        if ctype:
            headers["Content-Type"] = ctype
        last = None
        for attempt in range(tries):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.status in (429, 503) and attempt < tries - 1:
                    time.sleep(min(10, float(r.getheader("Retry-After") or 1)))
                    continue
                return r.status, {k.lower(): v for k, v in r.getheaders()}, data
            except (OSError, http.client.HTTPException) as e:
                last = e
                self.close()
                time.sleep(1)
        raise RuntimeError(f"{method} {path}: {last}")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def get_json(base, path, timeout=15):
    req = urllib.request.Request(base.rstrip("/") + path, headers={"Authorization": auth_header(), "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def get_text(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode("utf-8", "replace")


def health(base):
    """/api/v1/health (anonymous; 503 carries the checks too)."""
    try:
        with urllib.request.urlopen(base.rstrip("/") + "/api/v1/health", timeout=10) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        return json.loads(e.read() or b"{}")


def read_spec(path):
    out = []
    for line in Path(path).read_text().splitlines():
        if line.strip():
            name, base, pid = line.split()
            out.append({"name": name, "base": base, "pid": int(pid)})
    return out


# ---------------------------------------------------------------------------------------- metrics
METRIC_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')


def parse_metrics(text):
    """First value of each metric name (labels ignored) of Prometheus text."""
    out = {}
    for line in text.splitlines():
        m = METRIC_LINE.match(line)
        if m and m.group(1) not in out:
            try:
                out[m.group(1)] = float(m.group(3))
            except ValueError:
                pass
    return out


def app_metrics(base):
    for path in ("/metrics?scope=application", "/metrics"):
        try:
            m = parse_metrics(get_text(base.rstrip("/") + path))
        except OSError:
            continue
        if "wardops_icmp_rounds_total" in m:
            return m
    return None


def heap(base, pid):
    """(used, max) bytes: MicroProfile base metrics, else jcmd GC.heap_info."""
    try:
        m = parse_metrics(get_text(base.rstrip("/") + "/metrics?scope=base", timeout=5))
        if "memory_usedHeap_bytes" in m:
            return m["memory_usedHeap_bytes"], m.get("memory_maxHeap_bytes")
    except OSError:
        pass
    try:
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=20).stdout
        used = re.search(r"total \d+K, used (\d+)K", out)
        if used:
            return int(used.group(1)) * 1024, None
    except (OSError, subprocess.SubprocessError):
        pass
    return None, None


def gc_counts(pid):
    """{young, full, concurrent, gc_s, pause_ms} of a JVM from jstat -gc (cumulative since its start), or None:
    gc_s is jstat's GCT (concurrent cycles' time included), pause_ms the stop-the-world part (young + full)."""
    try:
        out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True, timeout=20).stdout.split("\n")
        row = dict(zip(out[0].split(), out[1].split()))
        return {"young": int(row["YGC"]), "full": int(row["FGC"]), "concurrent": int(row.get("CGC", "0").replace("-", "0")),
                "gc_s": float(row["GCT"]), "pause_ms": (float(row["YGCT"]) + float(row["FGCT"])) * 1000}
    except (OSError, subprocess.SubprocessError, IndexError, KeyError, ValueError):
        return None


def pid_ticks(pid):
    """utime + stime + cutime + cstime (the JVM and the fping children it reaped)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15])


def busy_ticks():
    with open("/proc/stat") as f:
        cpu = f.readline().split()[1:]
    v = [int(x) for x in cpu]
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]


def status_kb(pid, key):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


# ------------------------------------------------------------------------------------------ fleet
def address(i):
    return f"127.{100 + i // 64000}.{(i // 250) % 256}.{i % 250 + 1}"


def fleet(d, devices, branch_size, rows_per_file):
    devices, branch_size, rows_per_file = int(devices), int(branch_size), int(rows_per_file)
    if devices > 4 * 64000:
        die("at most 256,000 devices fit in 127.100.0.0/14")
    d = Path(d)
    d.mkdir(parents=True, exist_ok=True)
    branches = (devices + branch_size - 1) // branch_size
    (d / "branches.txt").write_text("".join(f"BC{b:05d}\n" for b in range(branches)))
    n = 0
    for start in range(0, devices, rows_per_file):
        n += 1
        rows = ["name,ip,type,branch,tags,description"]
        for i in range(start, min(devices, start + rows_per_file)):
            rows.append(f"bc-{i:06d},{address(i)},ATM,BC{i // branch_size:05d},bench,cluster benchmark")
        (d / f"devices-{n:03d}.csv").write_text("\n".join(rows) + "\n")
    print(f"branches={branches} files={n} first={address(0)} last={address(devices - 1)}")


def load(base, d, out):
    d = Path(d)
    api = Api(base)
    t0 = time.time()
    st, h, body = api.request("POST", "/api/v1/regions", json.dumps({"name": "Cluster benchmark", "code": "BENCHC"}),
                              "application/json")
    if st != 201:
        die(f"POST /api/v1/regions answered {st}: {body[:300]!r}")
    region = int(h["location"].rstrip("/").rsplit("/", 1)[1])
    codes = d.joinpath("branches.txt").read_text().split()
    for i, code in enumerate(codes, 1):
        st, _, body = api.request("POST", "/api/v1/branches", json.dumps(
            {"regionId": region, "name": f"Bench branch {code}", "code": code, "city": "Loopback"}), "application/json")
        if st != 201:
            die(f"POST /api/v1/branches ({code}) answered {st}: {body[:300]!r}")
        if i % 500 == 0:
            log(f"{i}/{len(codes)} branches")
    t1 = time.time()
    log(f"{len(codes)} branches created in {t1 - t0:.1f} s")
    files = sorted(d.glob("devices-*.csv"))
    rows = 0
    for f in files:
        data = f.read_bytes()
        st, h, body = api.request("POST", f"/api/v1/devices/import?filename={f.name}", data, "text/csv", tries=2)
        if st != 202:
            die(f"import of {f.name} answered {st}: {body[:300]!r}")
        job = "/api/v1/" + h["location"].split("/api/v1/", 1)[1]
        deadline = time.time() + 1200
        state = None
        while time.time() < deadline:
            st, _, body = api.request("GET", job)
            j = json.loads(body) if st == 200 else {}
            state = j.get("state")
            if state in ("SUCCEEDED", "FAILED"):
                break
            time.sleep(1)
        if state != "SUCCEEDED":
            die(f"import job of {f.name} ended {state}: {body[:600]!r}")
        rows += data.count(b"\n") - 1
        log(f"imported {f.name}: {rows} devices so far")
    t2 = time.time()
    api.close()
    Path(out).write_text(json.dumps({"branches": len(codes), "branches_s": round(t1 - t0, 1), "devices": rows,
                                     "import_s": round(t2 - t1, 1), "files": len(files)}))


# ----------------------------------------------------------------------------------- cluster view
def check_interval(spec, interval):
    for inst in read_spec(spec):
        checks = {c.get("name"): c for c in health(inst["base"]).get("checks", [])}
        got = (checks.get("availability-rounds", {}).get("data") or {}).get("intervalSeconds")
        if got is None or int(got) != int(interval):
            die(f"{inst['name']}: availability rounds every {got} s, not {interval} s (WARDOPS_PROBE_ICMP_INTERVAL_SECONDS "
                "did not reach the instance)")
    print("ok")


def views(spec):
    out = {}
    for inst in spec:
        try:
            out[inst["name"]] = get_json(inst["base"], "/api/v1/cluster")
        except (OSError, ValueError):
            out[inst["name"]] = None
    return out


def rounds_done(inst):
    m = app_metrics(inst["base"])
    return int(m["wardops_icmp_rounds_total"]) if m else None


def settle(spec, devices, warmup, limit):
    spec, devices, warmup = read_spec(spec), int(devices), int(warmup)
    deadline = time.time() + float(limit)
    n = len(spec)
    last = None
    while time.time() < deadline:
        v = views(spec)
        ok = all(x is not None for x in v.values())
        if ok:
            owned = sum(x["ownedDevices"] for x in v.values())
            members_ok = all(len(x["members"]) == n and x.get("settled", True) for x in v.values()) if n > 1 else True
            fleet_ok = all(x["devices"] == devices for x in v.values())
            state = f"members ok {members_ok}, fleet {[x['devices'] for x in v.values()]}, owned {owned}"
            if state != last:
                log(f"waiting for the shares to add up to {devices}: {state}")
                last = state
            if members_ok and fleet_ok and owned == devices:
                break
        time.sleep(3)
    else:
        die(f"the instances' shares did not add up to {devices} devices within {limit} s: {json.dumps(views(spec))[:800]}")
    start = {i["name"]: rounds_done(i) for i in spec}
    shares = ", ".join(f"{k} {x['ownedDevices']}" for k, x in v.items())
    log(f"shares add up: {shares}; {warmup} warm-up rounds")
    while time.time() < deadline:
        now = {i["name"]: rounds_done(i) for i in spec}
        if all(now[k] is not None and start[k] is not None and now[k] - start[k] >= warmup for k in now):
            v = views(spec)
            if all(x is not None for x in v.values()) and sum(x["ownedDevices"] for x in v.values()) == devices:
                log("warmed up: " + ", ".join(f"{k} owns {x['ownedDevices']}" for k, x in v.items()))
                return
            start = now  # the shares moved: once more
        time.sleep(3)
    die(f"no {warmup} warm-up rounds with the whole fleet within {limit} s")


# -------------------------------------------------------------------------------------- measuring
def watch(spec, interval, rounds, vm_pid, out):
    spec, interval, rounds, vm_pid = read_spec(spec), int(interval), int(rounds), int(vm_pid)
    state = {}
    for inst in spec:
        m = app_metrics(inst["base"])
        if m is None:
            die(f"{inst['name']}: /metrics has no wardops_icmp_rounds_total")
        state[inst["name"]] = {"rounds0": int(m["wardops_icmp_rounds_total"]), "last": int(m["wardops_icmp_rounds_total"]),
                               "skipped0": m.get("wardops_icmp_rounds_skipped_total", 0),
                               "failed0": m.get("wardops_icmp_round_failures_total", 0),
                               "rounds": [], "heap": [], "heap_max": None}
    t0 = time.time()
    ticks0 = {i["name"]: pid_ticks(i["pid"]) for i in spec}
    gc0 = {i["name"]: gc_counts(i["pid"]) for i in spec}
    vm0, busy0 = pid_ticks(vm_pid), busy_ticks()
    end = t0 + rounds * interval
    next_heap = 0.0
    while time.time() < end:
        for inst in spec:
            s = state[inst["name"]]
            if not os.path.exists(f"/proc/{inst['pid']}"):
                die(f"{inst['name']} (pid {inst['pid']}) died during the measurement")
            m = app_metrics(inst["base"])
            if m is None:
                continue
            r = int(m["wardops_icmp_rounds_total"])
            if r > s["last"]:
                time.sleep(0.2)  # the counter is incremented just before the gauges are set
                m = app_metrics(inst["base"]) or m
                s["rounds"].append({"at": round(time.time() - t0, 1), "ms": int(m["wardops_icmp_round_duration_ms"]),
                                    "devices": int(m["wardops_icmp_round_devices"]),
                                    "lag_ms": int(m.get("wardops_icmp_round_lag_ms", 0)), "missed": r - s["last"] - 1})
                s["last"] = r
        if time.time() >= next_heap:
            for inst in spec:
                used, mx = heap(inst["base"], inst["pid"])
                if used is not None:
                    state[inst["name"]]["heap"].append(used)
                    state[inst["name"]]["heap_max"] = mx
            next_heap = time.time() + 5
        time.sleep(max(0.0, min(1.0, end - time.time())))
    t1 = time.time()
    window = t1 - t0
    intervals = window / interval
    result = {"window_s": round(window, 1), "interval_s": interval, "from_ms": int(t0 * 1000), "to_ms": int(t1 * 1000),
              "instances": []}
    total_app = 0
    for inst in spec:
        s = state[inst["name"]]
        cpu = (pid_ticks(inst["pid"]) - ticks0[inst["name"]]) / CLK_TCK
        total_app += cpu
        m = app_metrics(inst["base"]) or {}
        ms = [r["ms"] for r in s["rounds"]]
        g0, g1 = gc0[inst["name"]], gc_counts(inst["pid"])
        gc = {k: round(g1[k] - g0[k], 3) for k in g1} if g0 and g1 else None
        result["instances"].append({
            "name": inst["name"], "pid": inst["pid"], "rounds": s["rounds"],
            "round_ms_median": statistics.median(ms) if ms else None, "round_ms_max": max(ms) if ms else None,
            "round_ms_min": min(ms) if ms else None,
            "devices_last": s["rounds"][-1]["devices"] if s["rounds"] else None,
            "cpu_s": round(cpu, 2), "cpu_s_per_round": round(cpu / intervals, 2),
            "heap_used_max": max(s["heap"]) if s["heap"] else None,
            "heap_used_median": statistics.median(s["heap"]) if s["heap"] else None, "heap_limit": s["heap_max"],
            # G1 lets the young generation grow into the free heap, so the highest sample nears the limit whatever the
            # need; the lowest sample (taken every 5 s, so soon after some collection) is what stays live.
            "heap_used_min": min(s["heap"]) if s["heap"] else None, "gc": gc,
            "rss_peak_kb": status_kb(inst["pid"], "VmHWM"), "rss_kb": status_kb(inst["pid"], "VmRSS"),
            "skipped": int(m.get("wardops_icmp_rounds_skipped_total", 0) - s["skipped0"]),
            "failed": int(m.get("wardops_icmp_round_failures_total", 0) - s["failed0"]),
            "vm_rejected": int(m.get("wardops_vm_samples_rejected_total", 0)),
            "vm_spooled": int(m.get("wardops_vm_samples_spooled_total", 0)),
        })
    vm_cpu = (pid_ticks(vm_pid) - vm0) / CLK_TCK
    busy = (busy_ticks() - busy0) / CLK_TCK
    result.update({"vm_cpu_s": round(vm_cpu, 2), "machine_busy_s": round(busy, 1),
                   "other_cpu_s": round(busy - total_app - vm_cpu, 1), "app_cpu_s": round(total_app, 2)})
    Path(out).write_text(json.dumps(result, indent=1))
    for i in result["instances"]:
        log(f"{i['name']}: {len(i['rounds'])} rounds, median {i['round_ms_median']} ms, max {i['round_ms_max']} ms, "
            f"{i['devices_last']} devices, CPU {i['cpu_s_per_round']} s per round, heap max "
            f"{(i['heap_used_max'] or 0) / 1048576:.0f} MiB, lowest {(i['heap_used_min'] or 0) / 1048576:.0f} MiB, GC {i['gc']}")


# ----------------------------------------------------------------------------- VictoriaMetrics
def vm_export(vm, from_ms, to_ms):
    """{device_id: sorted [timestamps ms]} of wardops_ping_up in [from, to]."""
    try:
        urllib.request.urlopen(vm + "/internal/force_flush", timeout=30).read()
    except OSError:
        pass
    data = urllib.parse.urlencode({"match[]": "wardops_ping_up", "start": f"{from_ms / 1000:.3f}",
                                   "end": f"{to_ms / 1000:.3f}"}).encode()
    series = {}
    with urllib.request.urlopen(urllib.request.Request(vm + "/api/v1/export", data=data), timeout=600) as r:
        for line in r:
            if not line.strip():
                continue
            j = json.loads(line)
            dev = j["metric"].get("device_id")
            series.setdefault(dev, []).extend(t for t in j["timestamps"] if from_ms <= t <= to_ms)
    for v in series.values():
        v.sort()
    return series


def round_phase(series, interval_ms):
    """A moment (ms, modulo the interval) with no sample near it: the middle of the longest gap in the
    samples' phases, so that slots [phase + k*interval, ...) each hold one whole round."""
    bins = 200
    hist = [0] * bins
    for ts in series.values():
        for t in ts:
            hist[(t % interval_ms) * bins // interval_ms] += 1
    empty = [h == 0 for h in hist]
    if not any(empty):
        return None, 0.0
    best_len, best_start = 0, 0
    for start in range(bins):
        if empty[start] and not empty[start - 1]:
            n = 0
            while n < bins and empty[(start + n) % bins]:
                n += 1
            if n > best_len:
                best_len, best_start = n, start
    if all(empty):
        return 0, 1.0
    mid = (best_start + best_len / 2) % bins
    return int(mid * interval_ms / bins), best_len / bins


def samples(vm, from_ms, to_ms, interval, devices, out):
    from_ms, to_ms, interval_ms, devices = int(from_ms), int(to_ms), int(interval) * 1000, int(devices)
    series = vm_export(vm, from_ms, to_ms)
    phase, quiet = round_phase(series, interval_ms)
    if phase is None:
        phase = 0  # no quiet moment at all: the rounds fill the interval; slot on the epoch boundaries
    first = ((from_ms - phase) // interval_ms + 1) * interval_ms + phase
    slots = []
    b = first
    while b + interval_ms <= to_ms:
        slots.append(b)
        b += interval_ms
    counts = {}
    bad_cells = 0
    lo, hi = None, None
    for dev, ts in series.items():
        c = [0] * len(slots)
        for t in ts:
            k = (t - first) // interval_ms
            if 0 <= k < len(slots):
                c[k] += 1
        counts[dev] = c
        for x in c:
            lo = x if lo is None else min(lo, x)
            hi = x if hi is None else max(hi, x)
            bad_cells += x != 1
    missing = max(0, devices - len(series))
    if missing and slots:
        lo = 0
        bad_cells += missing * len(slots)
    bad_devices = sum(1 for c in counts.values() if any(x != 1 for x in c)) + missing
    per_round = [sum(c[k] for c in counts.values()) for k in range(len(slots))]
    res = {"rounds": len(slots), "devices_seen": len(series), "devices_expected": devices, "min": lo, "max": hi,
           "bad_devices": bad_devices, "bad_cells": bad_cells, "per_round": per_round,
           "quiet_share": round(quiet, 2), "slot_start_ms": first}
    Path(out).write_text(json.dumps(res))
    log(f"samples per device per round over {len(slots)} whole rounds: min {lo}, max {hi}; {bad_devices} of {devices} "
        f"devices not exactly 1 (samples per round: {per_round})")


def kill(spec, victim, vm, devices, interval, phase, out):
    spec, devices, interval, phase = read_spec(spec), int(devices), int(interval), float(phase)
    interval_ms = interval * 1000
    target = [i for i in spec if i["name"] == victim]
    if not target:
        die(f"no instance {victim}")
    target = target[0]
    survivors = [i for i in spec if i is not target]
    before = views(spec)
    owned = before[victim]["ownedDevices"] if before.get(victim) else None
    now = now_ms()
    at = (now // interval_ms + 1) * interval_ms + int(phase * 1000)
    if at - now < 3000:
        at += interval_ms
    time.sleep((at - now_ms()) / 1000)
    killed_ms = now_ms()
    os.kill(target["pid"], 9)
    log(f"kill -9 {victim} (pid {target['pid']}, it owned {owned} devices) {phase:g} s after a round boundary")
    # the survivors' view without it
    view_s = None
    deadline = time.time() + 120
    while time.time() < deadline:
        v = views(survivors)
        if all(x is not None and victim not in x["members"] for x in v.values()):
            view_s = (now_ms() - killed_ms) / 1000
            break
        time.sleep(0.25)
    log(f"the survivors' view without {victim} after {view_s} s")
    # every device has a sample newer than the kill (bounded: 3 intervals and a minute)
    deadline = killed_ms + 3 * interval_ms + 60_000
    fresh = 0
    while now_ms() < deadline:
        w = max(1, (now_ms() - killed_ms) // 1000)
        try:
            urllib.request.urlopen(vm + "/internal/force_flush", timeout=30).read()
            q = urllib.parse.urlencode({"query": f"count(count_over_time(wardops_ping_up[{w}s]))", "time": f"{now_ms() / 1000:.3f}"})
            r = json.loads(get_text(vm + "/api/v1/query?" + q, timeout=60))
            res = r["data"]["result"]
            fresh = int(float(res[0]["value"][1])) if res else 0
        except (OSError, ValueError, KeyError):
            pass
        if fresh >= devices:
            break
        time.sleep(5)
    # one more interval so that a double sample from the next round would show
    time.sleep(min(interval, max(0, (deadline - now_ms()) / 1000)))
    series = vm_export(vm, killed_ms - 3 * interval_ms, now_ms())
    stats = handover(series, killed_ms, interval_ms, devices)
    res = {"victim": victim, "owned": owned, "phase_s": phase, "killed_ms": killed_ms, "view_s": view_s, **stats,
           "survivors_owned": {k: (x or {}).get("ownedDevices") for k, x in views(survivors).items()}}
    Path(out).write_text(json.dumps(res))
    log(f"after the kill: all {devices} devices probed again after {res['all_probed_s']} s (never: {res['never']}); "
        f"{res['handed_over']} devices missed a round (handed over; {victim} owned {owned}), the last of them probed after "
        f"{res['handed_over_probed_s']} s; longest gap {res['max_gap_s']} s = {res['max_gap_intervals']} intervals; "
        f"{res['doubles']} double samples")


def handover(series, killed_ms, interval_ms, devices):
    """From each device's sample times around a kill: when every device had a sample newer than the kill,
    the longest gap between two samples of a device, devices that missed a round, doubles."""
    after_first, gaps, handed, doubles, never = [], [], [], 0, 0
    for ts in series.values():
        post = [t for t in ts if t > killed_ms]
        pre = [t for t in ts if t <= killed_ms]
        if not post:
            never += 1
            continue
        delay = post[0] - killed_ms
        after_first.append(delay)
        if pre:
            gap = post[0] - pre[-1]
            gaps.append(gap)
            if gap > 1.5 * interval_ms:
                handed.append(delay)
        doubles += sum(1 for a, b in zip(ts, ts[1:]) if b - a < interval_ms / 2)
    never += max(0, devices - len(series))
    return {"devices_with_sample_after": len(after_first), "never": never,
            "all_probed_s": round(max(after_first) / 1000, 1) if after_first and not never else None,
            "handed_over": len(handed), "handed_over_probed_s": round(max(handed) / 1000, 1) if handed else None,
            "max_gap_s": round(max(gaps) / 1000, 1) if gaps else None,
            "max_gap_intervals": round(max(gaps) / interval_ms, 2) if gaps else None, "doubles": doubles}


# ---------------------------------------------------------------------------------------- report
def fmt_int(n):
    return "—" if n is None else f"{int(n):,}"


def secs(ms):
    return "—" if ms is None else f"{ms / 1000:.2f} s"


def mib(b):
    return "—" if b is None else f"{b / 1048576:.0f} MiB"


def gcs(g):
    return "—" if not g else f"{g['young']} / {g['full']} / {g['concurrent']}, {g['gc_s']:.2f} s"


def read_env(path):
    out = {}
    if os.path.exists(path):
        for line in Path(path).read_text().splitlines():
            k, _, v = line.partition("=")
            out[k] = v
    return out


def report(work, doc):
    meta = read_env(os.path.join(work, "run.env"))
    cfgs = []
    for d in sorted(glob.glob(os.path.join(work, "cfg-*"))):
        c = read_env(os.path.join(d, "meta.env"))
        for name in ("watch", "samples", "kill", "load"):
            p = os.path.join(d, name + ".json")
            c[name] = json.loads(Path(p).read_text()) if os.path.exists(p) else None
        cfgs.append(c)
    interval = int(meta.get("INTERVAL", "60"))
    lines = []
    targets = []
    lines.append(f"### {meta.get('DATE', '?')} — `{meta.get('COMMAND', '?')}`")
    lines.append("")
    lines.append(f"- Machine: {meta.get('MACHINE', '?')}")
    lines.append(f"- Software: {meta.get('SOFTWARE', '?')}")
    lines.append(f"- Fleet: {fmt_int(meta.get('DEVICES'))} devices on loopback ({meta.get('RANGE', '?')}), "
                 f"{meta.get('BRANCH_SIZE', '?')} per branch (ownership is per branch), probed every {interval} s with "
                 f"the default fping settings; each configuration: {meta.get('WARMUP', '?')} warm-up round(s) after the "
                 f"shares added up, then {meta.get('ROUNDS', '?')} intervals measured")
    lines.append("")
    lines.append("| configuration | devices per instance (last round) | round time per instance (median / slowest) | "
                 "CPU per instance per round | heap used per instance (max) | samples per device per round | "
                 "kill -9 → every device probed again |")
    lines.append("|---|---|---|---|---|---|---|")
    for c in cfgs:
        w, s, k = c.get("watch"), c.get("samples"), c.get("kill")
        label = c.get("LABEL", "?")
        if not w:
            lines.append(f"| {label} | (failed: {c.get('ERROR', 'no measurement')}) | | | | | |")
            continue
        insts = w["instances"]
        devs = " / ".join(fmt_int(i["devices_last"]) for i in insts)
        rt = " / ".join(f"{secs(i['round_ms_median'])}–{secs(i['round_ms_max'])}".replace(" s–", "–") for i in insts)
        cpu = " / ".join(f"{i['cpu_s_per_round']:.2f} s" for i in insts)
        hp = " / ".join(mib(i["heap_used_max"]) for i in insts)
        if s:
            spd = f"min {s['min']}, max {s['max']} over {s['rounds']} rounds; {s['bad_devices']:,} devices ≠ 1"
        else:
            spd = "—"
        if k:
            kk = (f"{k['all_probed_s']} s (killed {k['victim']} {k['phase_s']:g} s into a round; view without it after "
                  f"{k['view_s']} s; longest gap {k['max_gap_intervals']} intervals; {k['doubles']} doubles)")
        else:
            kk = "—"
        lines.append(f"| {label} | {devs} | {rt} | {cpu} | {hp} | {spd} | {kk} |")
        # targets
        okr = all(i["round_ms_max"] is not None and i["round_ms_max"] < interval * 1000 and i["skipped"] == 0 and i["failed"] == 0
                  and len(i["rounds"]) >= int(meta.get("ROUNDS", "1")) - 1 for i in insts)
        targets.append((f"{label}: every round inside the {interval} s interval, none skipped or failed", okr,
                        "slowest " + ", ".join(secs(i["round_ms_max"]) for i in insts)
                        + f"; skipped {sum(i['skipped'] for i in insts)}, failed {sum(i['failed'] for i in insts)}"))
        if s:
            targets.append((f"{label}: exactly 1 sample per device per round", s["bad_devices"] == 0 and s["rounds"] > 0,
                            f"{s['bad_devices']} devices ≠ 1 over {s['rounds']} rounds (min {s['min']}, max {s['max']})"))
        if k:
            # one round missed at most: a gap of two intervals, plus the jitter of where in its round a device is probed
            ok = (k["never"] == 0 and k["max_gap_intervals"] is not None and k["max_gap_intervals"] < 2.5
                  and k["doubles"] == 0)
            targets.append((f"{label}: after kill -9 every device probed again, no device misses more than one round "
                            "(gap < 2.5 intervals), no double sample",
                            ok, f"all after {k['all_probed_s']} s, longest gap {k['max_gap_intervals']} intervals, "
                                f"{k['never']} never, {k['doubles']} doubles; {k['handed_over']} devices handed over "
                                f"({k['victim']} owned {k['owned']})"))
        # A heap too small shows as full collections, time lost to GC and a live set near the limit, not as a high
        # "used" sample (G1 fills the free heap with young objects before it collects).
        window = w["window_s"]
        heap_ok = all(i.get("gc") and i["gc"]["full"] == 0 and i["gc"]["gc_s"] < 0.05 * window and i["heap_used_min"]
                      and i["heap_limit"] and i["heap_used_min"] < 0.75 * i["heap_limit"] for i in insts)
        targets.append((f"{label}: heap big enough (no full GC, GC under 5 % of the time, lowest heap sample under 75 % "
                        "of the limit)", heap_ok, "; ".join(
                            f"{i['name']}: " + (f"{i['gc']['full']} full GC, GC {i['gc']['gc_s']:.1f} s of {window:.0f} s"
                                                if i.get("gc") else "no jstat")
                            + f", lowest {mib(i['heap_used_min'])} of {mib(i['heap_limit'])}" for i in insts)))
    lines.append("")
    lines.append("Per instance:")
    lines.append("")
    lines.append("| configuration | instance | devices | rounds | round time median (min–max) | start lag max | "
                 "CPU s per round (JVM + its fping) | heap used max / median / lowest (limit) | GC in the window "
                 "(young / full / concurrent, time) | RSS peak |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for c in cfgs:
        w = c.get("watch")
        if not w:
            continue
        for i in w["instances"]:
            lag = max((r["lag_ms"] for r in i["rounds"]), default=None)
            lines.append(f"| {c.get('LABEL')} | {i['name']} | {fmt_int(i['devices_last'])} | {len(i['rounds'])} | "
                         f"{secs(i['round_ms_median'])} ({secs(i['round_ms_min'])}–{secs(i['round_ms_max'])}) | {secs(lag)} | "
                         f"{i['cpu_s_per_round']:.2f} | {mib(i['heap_used_max'])} / {mib(i['heap_used_median'])} / "
                         f"{mib(i.get('heap_used_min'))} ({mib(i['heap_limit'])}) | {gcs(i.get('gc'))} | "
                         f"{mib((i['rss_peak_kb'] or 0) * 1024)} |")
    lines.append("")
    for c in cfgs:
        w, ld = c.get("watch"), c.get("load")
        if not w:
            continue
        extra = ""
        if ld:
            extra = (f"; fleet loaded through the API: {ld['branches']:,} branches in {ld['branches_s']} s, "
                     f"{ld['devices']:,} devices in {ld['files']} CSV imports in {ld['import_s']} s")
        lines.append(f"- {c.get('LABEL')}: started by `{c.get('UP_COMMAND')}` in {c.get('UP_S')} s{extra}; "
                     f"while measured ({w['window_s']} s) the instances used {w['app_cpu_s']} CPU s, VictoriaMetrics "
                     f"{w['vm_cpu_s']} and everything else (PostgreSQL, the DAS, haproxy, other users) {w['other_cpu_s']} "
                     f"(machine busy {w['machine_busy_s']} CPU s of {int(meta.get('CPUS', '2')) * w['window_s']:.0f}); "
                     f"load average at the end {c.get('LOAD', '?')}")
    lines.append("")
    lines.append("| target | result | measured |")
    lines.append("|---|---|---|")
    for name, ok, measured in targets:
        lines.append(f"| {name} | {'PASS' if ok else '**FAIL**'} | {measured} |")
    failed_cfgs = [c for c in cfgs if not c.get("watch")]
    text = "\n".join(lines) + "\n"
    print(text)
    if doc != "-":
        p = Path(doc)
        content = p.read_text()
        if SECTION not in content:
            content = content.rstrip("\n") + f"\n\n{SECTION}\n\nMeasured by `deployment/bench/cluster`.\n"
        start = content.index(SECTION)
        placeholder = content.find("\nNo full-scale run yet.\n", start)
        if placeholder > 0 and (content.find("\n## ", start + len(SECTION)) < 0 or placeholder < content.find("\n## ", start + len(SECTION))):
            content = content[:placeholder] + content[placeholder + len("\nNo full-scale run yet."):]
        nxt = content.find("\n## ", start + len(SECTION))
        if nxt < 0:
            content = content.rstrip("\n") + "\n\n" + text
        else:
            content = content[:nxt].rstrip("\n") + "\n\n" + text + content[nxt:]
        p.write_text(content)
    missed = [t for t in targets if not t[1]]
    sys.exit(2 if missed or failed_cfgs else 0)


def main():
    if len(sys.argv) < 2:
        die("no subcommand (see the module's docstring)")
    cmd, args = sys.argv[1], sys.argv[2:]
    fns = {"fleet": fleet, "load": load, "check-interval": check_interval, "settle": settle, "watch": watch,
           "samples": samples, "kill": kill, "report": report}
    if cmd not in fns:
        die(f"unknown subcommand {cmd}")
    fns[cmd](*args)


if __name__ == "__main__":
    main()
