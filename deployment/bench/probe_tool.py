#!/usr/bin/env python3
"""Helper of deployment/bench/probe (the ICMP round benchmark); not meant to be run by hand.

Subcommands:
  settings ROOT [-Dname=value ...]   the probe settings the application will use: the defaults read
                                     from IcmpRoundSettings.java (@ConfigProperty) and
                                     IcmpSettings.defaults(), with the given overrides; shell assignments
  targets N DOWN_PERCENT DIR         DIR/targets.txt (fping list), DIR/devices.csv (import file),
                                     DIR/down.txt (the blackholed addresses)
  fping-outputs FILE...              counts fping -C summary lines: "<lines> <answered> <all-lost>"
  vm-rounds EXPORT GAP_S             samples of wardops_ping_up per round from /api/v1/export output;
                                     prints "rounds=.. last_round_samples=.. last_round_down=.. per_round=a,b,c"
                                     and writes the device_ids down in the last round to EXPORT.down
  report RESULTS DOC                 prints the result table; with DOC != "-" also writes it to DOC

The probe script's arithmetic (numbers in, one number out):
  free-port                          a free TCP port on 127.0.0.1
  int VALUE                          VALUE (a metric such as 1.5E7) as a whole number
  elapsed T0_MS T1_MS DIGITS         seconds from T0_MS to T1_MS, rounded to DIGITS
  sum DIGITS X...                    the sum of the X, rounded to DIGITS
  ratio X Y DIGITS                   X / Y, rounded to DIGITS
  ticks FROM TO CLK_TCK DIGITS [FROM2 TO2 ...]
                                     CPU seconds of the ticks from FROM to TO, less those from each
                                     FROM2 to TO2 (other processes' share), rounded to DIGITS
  per-interval C0 C1 CLK_TCK T0_MS T1_MS INTERVAL_S
                                     CPU seconds per INTERVAL_S of the ticks C0..C1 over T0_MS..T1_MS
  bare-limit COUNT DEVICES INTERVAL_MS PERIOD_MS TIMEOUT_MS
                                     seconds a bare fping run may take: twice its pacing, plus 30
  json-field NAME                    the field NAME of the JSON object on stdin
"""
import json
import math
import re
import statistics
import sys
from decimal import Decimal
from pathlib import Path

PREFIX = "wardops.probe.icmp."


def plain(value):
    """As IcmpSettings.plain(): 1.0 -> "1", 0.25 -> "0.25" (what fping parses)."""
    return format(Decimal(repr(float(value))).normalize(), "f")


def settings(root, props):
    rounds_src = Path(root, "ejb-module/src/main/java/ge/wardops/probe/IcmpRoundSettings.java").read_text()
    icmp_src = Path(root, "ejb-module/src/main/java/ge/wardops/probe/IcmpSettings.java").read_text()
    # The rounds' own keys carry their default in IcmpRoundSettings; fping's have theirs in IcmpSettings.defaults() only.
    conf = dict(re.findall(r'@ConfigProperty\(name = "wardops\.probe\.icmp\.([a-z-]+)", defaultValue = "([^"]*)"\)',
                           rounds_src))
    m = re.search(r'static IcmpSettings defaults\(\)\s*\{\s*return new IcmpSettings\(Path\.of\("([^"]*)"\),\s*(\d+),\s*(\d+),'
                  r'\s*(\d+),\s*([\d.]+),\s*(\d+),\s*(\d+),\s*(\d+),', icmp_src)
    if not m or not conf:
        sys.exit("probe_tool: cannot read the probe defaults from the sources (IcmpRoundSettings / IcmpSettings)")
    path, count, timeout, period, interval, retries, chunk, procs = m.groups()
    conf.update({"fping": path, "count": count, "timeout-ms": timeout, "period-ms": period, "interval-ms": interval,
                 "retries": retries, "chunk-size": chunk, "processes": procs})
    overrides = {}
    for p in props:
        name, _, value = p[2:].partition("=")
        if name.startswith(PREFIX):
            overrides[name[len(PREFIX):]] = value
    eff = dict(conf)
    eff.update(overrides)
    out = {
        "FPING": eff["fping"], "COUNT": eff["count"], "TIMEOUT_MS": eff["timeout-ms"], "PERIOD_MS": eff["period-ms"],
        "INTERVAL_MS": plain(eff["interval-ms"]), "RETRIES": eff["retries"], "CHUNK": eff["chunk-size"],
        "PROCS": eff["processes"], "ROUND_INTERVAL_S": eff["interval-seconds"], "ENABLED": eff["enabled"],
        "DOWN_AFTER": eff["down-after-rounds"], "UP_AFTER": eff["up-after-rounds"],
        "OVERRIDES": " ".join(f"{PREFIX}{k}={v}" for k, v in sorted(overrides.items())) or "none",
    }
    for k, v in out.items():
        print(f"{k}={shell_quote(v)}")


def shell_quote(v):
    return "'" + str(v).replace("'", "'\\''") + "'"


def targets(n, down_percent, outdir):
    # Every (100/down_percent)-th device is down, so every chunk holds its share of down devices,
    # as in a real fleet. Up: 127.50.0.0/16, down: 127.51.0.0/16 (blackholed by the script).
    n, down_percent = int(n), float(down_percent)
    step = round(100 / down_percent) if down_percent > 0 else 0
    kinds = ["ROUTER", "SWITCH", "ATM", "SERVER"]
    lines, rows, down = [], ["name,ip,type,branch,tags,description"], []
    up_i = down_i = 0
    for i in range(n):
        if step and i % step == step - 1:
            ip = f"127.51.{down_i // 250}.{down_i % 250 + 1}"
            down_i += 1
            down.append(ip)
        else:
            ip = f"127.50.{up_i // 250}.{up_i % 250 + 1}"
            up_i += 1
        if up_i > 250 * 256 or down_i > 250 * 256:
            sys.exit("probe_tool: too many devices for 127.50/16 and 127.51/16")
        lines.append(ip)
        rows.append(f"bench-{i + 1:05d},{ip},{kinds[i % 4]},BENCH01,bench,probe benchmark device")
    out = Path(outdir)
    (out / "targets.txt").write_text("\n".join(lines) + "\n")
    (out / "devices.csv").write_text("\n".join(rows) + "\n")
    (out / "down.txt").write_text("\n".join(down) + ("\n" if down else ""))
    print(len(down))


def fping_outputs(files):
    total = answered = lost = 0
    for f in files:
        for line in Path(f).read_text().splitlines():
            if " : " not in line:
                continue
            total += 1
            times = line.split(" : ", 1)[1].split()
            if any(t != "-" for t in times):
                answered += 1
            else:
                lost += 1
    print(total, answered, lost)


def vm_rounds(export, gap_s):
    gap_ms = float(gap_s) * 1000
    samples = []  # (ts, device_id, value)
    for line in Path(export).read_text().splitlines():
        if not line.strip():
            continue
        s = json.loads(line)
        dev = s["metric"].get("device_id", "?")
        for v, t in zip(s["values"], s["timestamps"]):
            samples.append((t, dev, v))
    samples.sort()
    rounds = []
    for t, dev, v in samples:
        if not rounds or t - rounds[-1][-1][0] > gap_ms:
            rounds.append([])
        rounds[-1].append((t, dev, v))
    if not rounds:
        print("rounds=0 last_round_samples=0 last_round_down=0 last_round_devices=0 per_round=")
        Path(export + ".down").write_text("")
        return
    last = rounds[-1]
    down = sorted({dev for _, dev, v in last if v == 0})
    Path(export + ".down").write_text("\n".join(down) + ("\n" if down else ""))
    print(f"rounds={len(rounds)} last_round_samples={len(last)} last_round_down={sum(1 for *_, v in last if v == 0)} "
          f"last_round_devices={len({d for _, d, _ in last})} per_round={','.join(str(len(r)) for r in rounds)}")


# ---------------------------------------------------------------------------------------------- report

def load(results):
    r = {}
    for line in Path(results).read_text().splitlines():
        if "=" in line:
            k, _, v = line.partition("=")
            r[k.strip()] = v
    return r


def nums(s):
    return [float(x) for x in s.split(",") if x.strip()]


def fmt_s(x):
    return f"{x:.2f} s"


def mib(b):
    return f"{float(b) / 1048576:.0f} MiB"


def report(results, doc):
    r = load(results)
    n = int(r["DEVICES"])
    bare_a = nums(r["BARE_A_WALL"])
    bare_a_cpu = nums(r["BARE_A_CPU"])
    bare_b = nums(r["BARE_B_WALL"])
    bare_b_cpu = nums(r["BARE_B_CPU"])
    app_ms = nums(r["APP_ROUND_MS"])
    app = [x / 1000 for x in app_ms]
    med_a, med_b, med_app = statistics.median(bare_a), statistics.median(bare_b), statistics.median(app)
    ratio = med_app / med_a
    rounds_n = len(app)
    app_cpu = float(r["APP_CPU_WINDOW_S"]) / rounds_n
    idle_cpu = float(r["IDLE_CPU_PER_INTERVAL_S"]) if r.get("IDLE_CPU_PER_INTERVAL_S") else None
    heap_max = float(r["APP_HEAP_MAX"])
    xmx = float(r["APP_HEAP_LIMIT"])
    interval_s = float(r["ROUND_INTERVAL_S"])
    well_inside = float(r["WELL_INSIDE_S"])

    def rng(v):
        return fmt_s(min(v)) + "–" + fmt_s(max(v)) if len(v) > 1 else "one run"

    chunks = math.ceil(n / int(r["CHUNK"]))
    rows = [
        ("bare fping, as the application runs it "
         f"({chunks} process{'es' if chunks > 1 else ''} of up to {int(r['CHUNK']):,} targets, at most {r['PROCS']} at once)",
         f"**{fmt_s(med_a)}** (median of {len(bare_a)}; {rng(bare_a)})",
         f"{statistics.median(bare_a_cpu):.2f} s",
         f"{float(r['BARE_A_RSS_KB']) / 1024:.1f} MiB RSS per fping process"),
        (f"bare fping, one process over all {n:,}",
         f"{fmt_s(med_b)}" + (f" (median of {len(bare_b)}; {rng(bare_b)})" if len(bare_b) > 1 else ""),
         f"{statistics.median(bare_b_cpu):.2f} s",
         f"{float(r['BARE_B_RSS_KB']) / 1024:.1f} MiB RSS"),
        ("WARD OPS full round (inventory query → fping → debounce → state cache → PostgreSQL → event → VictoriaMetrics)",
         f"**{fmt_s(med_app)}** (median of {rounds_n}; last {fmt_s(app[-1])}; {rng(app)})",
         f"{app_cpu:.2f} s per round, whole JVM incl. its fping processes"
         + (f" (idle JVM without devices: {idle_cpu:.2f} s per {interval_s:.0f} s interval)" if idle_cpu is not None else
            " (includes the idle JVM's own CPU between rounds)"),
         f"heap used max {mib(heap_max)} of {mib(xmx)} (-Xmx); JVM RSS peak {float(r['APP_RSS_PEAK_KB']) / 1024:.0f} MiB"),
    ]
    table = ["| run | round time | CPU (user+sys) | memory |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]

    checks = [
        (f"full round within 1.5× of bare fping (same list, same flags, same chunking)", ratio <= 1.5,
         f"{ratio:.2f}× ({fmt_s(med_app)} / {fmt_s(med_a)})"),
        (f"{n:,} devices well inside the {interval_s:.0f} s interval (≤ {well_inside:.0f} s, median and slowest round)",
         med_app <= well_inside and max(app) <= well_inside, f"median {fmt_s(med_app)}, slowest {fmt_s(max(app))}"),
        ("heap stays under 1 GiB", heap_max < 1024 ** 3, f"max used {mib(heap_max)} (-Xmx {mib(xmx)})"),
    ]
    verdict = ["| target | result | measured |", "|---|---|---|"]
    verdict += [f"| {t} | {'PASS' if ok else '**FAIL**'} | {m} |" for t, ok, m in checks]
    passed = all(ok for _, ok, _ in checks)

    sanity = r["SANITY"].split(" | ")

    print()
    print("\n".join(table))
    print()
    print("\n".join(verdict))
    print()

    if doc != "-":
        settings_line = (f"fping `{r['FPING_ARGS']}`, chunks of {int(r['CHUNK']):,} targets, {r['PROCS']} processes at once, "
                         f"a round every {r['ROUND_INTERVAL_S']} s, DOWN after {r['DOWN_AFTER']} failed rounds")
        section = [
            f"### {r['DATE']} — {'all targets met' if passed else 'targets NOT met'}"
            f"{'' if r['OVERRIDES'] == 'none' else ' (with overrides)'}",
            "",
            f"In short: one full round over {n:,} devices took {fmt_s(med_app)}, {ratio:.2f}× bare fping with the same "
            f"settings ({fmt_s(med_a)}), in a {interval_s:.0f} s interval; the heap peaked at {mib(heap_max)}.",
            "",
            f"- Command: `{r['COMMAND']}`",
            f"- Machine: {r['MACHINE']}",
            f"- Software: {r['SOFTWARE']}",
            f"- Settings: {settings_line}; overrides: {r['OVERRIDES'] if r['OVERRIDES'] == 'none' else '`' + r['OVERRIDES'] + '`'}",
            f"- Fleet: {n:,} devices on loopback, {int(r['DOWN']):,} of them ({r['DOWN_PERCENT']} %) in a blackholed range; "
            f"bare fping ran first, then the application ({r['WARMUP_ROUNDS']} rounds to settle, then {rounds_n} rounds measured)",
            f"- Other load on the machine during the run: {r['OTHER_LOAD']}",
            "",
            *table,
            "",
            *verdict,
            "",
            "Checks that the measured rounds did the full work: " + "; ".join(sanity) + ".",
            "",
        ]
        write_section(Path(doc), "\n".join(section))
    sys.exit(0 if passed else 2)


DOC_HEAD = """# Performance results

Measured on a real machine with the commands shown, never by timed unit tests. Each section says
what is measured and how to repeat it; each run adds its result under its section, newest last.
"""

PROBE_HEAD = """## Probe round

What it answers: how long one availability round of WARD OPS takes for 10,000 devices, compared
with running `fping` by hand over the same list, and how much CPU and memory it needs.

How: `deployment/bench/probe` (as root: it adds and removes a blackhole route). It makes 10,000
devices on loopback addresses (127.50.x.y answer; 500 of them, 5 %, are on 127.51.x.y, which the
script blackholes so they never answer), runs bare `fping` over that list with exactly the flags,
chunking and parallelism the application uses, then starts the application on Payara Micro with its
own PostgreSQL database (`wardops_bench`) and VictoriaMetrics, imports the devices through the CSV
import and measures the application's own rounds: `wardops_icmp_round_duration_ms` (the whole round:
inventory query, fping, debounce, state cache, state changes written to PostgreSQL, event, samples
written to VictoriaMetrics), CPU time of the server process and its fping processes
(`/proc/<pid>/stat`), and heap in use (`memory_usedHeap_bytes`). It checks that the rounds really did
the work: every round wrote one `wardops_ping_up` sample per device to VictoriaMetrics, exactly the
blackholed devices are down, and PostgreSQL holds one UNKNOWN→DOWN row for each of them.

Targets: the application's round within 1.5× of bare fping with the same list and flags; 10,000
devices (5 % down, 500 ms timeout) well inside the 10 s round interval with the default settings
(the script counts ≤ 5 s as "well inside"); heap under 1 GiB.

Options: `--rounds N` (measured rounds, default 6), `--bare-runs N` (runs of bare fping with the
application's chunking, default 3; the single process runs once), `--devices N`, `--no-doc`, and
any `-Dwardops.probe.icmp.<name>=<value>` to measure other settings than the defaults.
"""


def write_section(doc, section):
    text = doc.read_text() if doc.exists() else DOC_HEAD
    if "\n## Probe round\n" not in "\n" + text:
        text = text.rstrip("\n") + "\n\n" + PROBE_HEAD
    # Insert at the end of the "## Probe round" section (before the next "## " heading, if any).
    start = ("\n" + text).index("\n## Probe round\n")
    nxt = text.find("\n## ", start + 5)
    if nxt == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        text = text[:nxt].rstrip("\n") + "\n\n" + section + "\n" + text[nxt:]
    doc.write_text(text.rstrip("\n") + "\n")


def num(s):
    """A number as the shell has it: a whole number stays whole, so the arithmetic is Python's own."""
    return int(s) if re.fullmatch(r"-?[0-9]+", s) else float(s)


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])


def arithmetic(cmd, args):
    """The probe script's small computations; False when cmd is none of them."""
    if cmd == "free-port":
        free_port()
    elif cmd == "int":
        print(int(float(args[0])))
    elif cmd == "elapsed":
        t0, t1, digits = args
        print(round((num(t1) - num(t0)) / 1000, int(digits)))
    elif cmd == "sum":
        print(round(sum(num(x) for x in args[1:]), int(args[0])))
    elif cmd == "ratio":
        x, y, digits = args
        print(round(num(x) / num(y), int(digits)))
    elif cmd == "ticks":
        frm, to, clk, digits, *others = args
        ticks = num(to) - num(frm) - sum(num(b) - num(a) for a, b in zip(others[::2], others[1::2]))
        print(round(ticks / num(clk), int(digits)))
    elif cmd == "per-interval":
        c0, c1, clk, t0, t1, interval = args
        print(round((num(c1) - num(c0)) / num(clk) / ((num(t1) - num(t0)) / 1000) * num(interval), 3))
    elif cmd == "bare-limit":
        count, devices, interval_ms, period_ms, timeout_ms = map(num, args)
        print(int((count * devices * interval_ms + count * period_ms + timeout_ms) / 1000 * 2) + 30)
    elif cmd == "json-field":
        print(json.load(sys.stdin)[args[0]])
    else:
        return False
    return True


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "settings":
        settings(args[0], args[1:])
    elif cmd == "targets":
        targets(*args)
    elif cmd == "fping-outputs":
        fping_outputs(args)
    elif cmd == "vm-rounds":
        vm_rounds(*args)
    elif cmd == "report":
        report(*args)
    elif not arithmetic(cmd, args):
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
