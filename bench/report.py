#!/usr/bin/env python3
"""Reads wrk's `--latency` output for bench/run.sh (standard library only).

    report.py one FILE                       one run's numbers, on one line
    report.py summary RAW OUT [KEY=VALUE...] the medians over rounds: a Markdown table on stdout, and JSON lines
                                             (run, result and ratio objects) on stdout and into OUT
    report.py routing LINES OUT              bench/routing's lookups as a table with each router's padded-over-spec
                                             ratio; the JSON lines (and ratios) on stdout and appended to OUT

RAW holds `workloads` (one name a line, in table order), `servers` (likewise) and ROUND/WORKLOAD/SERVER.txt.
"""

import json
import re
import statistics
import sys
from pathlib import Path

TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def millis(text):
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * TIME_UNITS[unit]


def parse(text):
    """The numbers of one wrk run; raises ValueError when wrk printed none (it failed)."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    total = re.search(r"^\s+(\d+) requests in ([\d.]+\w+), ([\d.]+)(\w+) read", text, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    if not (rps and total and p50 and p99):
        raise ValueError("no wrk summary in:\n" + text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    requests = int(total.group(1))
    read = float(total.group(3)) * SIZE_UNITS[total.group(4)]
    return {
        "rps": float(rps.group(1)),
        "p50_ms": round(millis(p50.group(1)), 3),
        "p99_ms": round(millis(p99.group(1)), 3),
        "requests": requests,
        "bytes_per_response": round(read / requests) if requests else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
    }


def one(path):
    r = parse(Path(path).read_text())
    line = f"{r['rps']:>10.0f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms"
    if r["non2xx"] or r["socket_errors"]:
        line += f"  NON-2XX {r['non2xx']}  SOCKET ERRORS {r['socket_errors']}"
    print(line)


def aggregate(runs):
    """The median over rounds of each rate and latency; counts of failures add up."""
    return {
        "rps": round(statistics.median(r["rps"] for r in runs), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 3),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 3),
        "non2xx": sum(r["non2xx"] for r in runs),
        "socket_errors": sum(r["socket_errors"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
        "bytes_per_response": round(statistics.median(r["bytes_per_response"] for r in runs)),
        "per_round": runs,
    }


# spaceport itself on its durable stores; `spaceport` is the in-memory one.
BACKENDS = ("embedded", "postgres")


def ratio(a, b):
    return round(a / b, 3) if b else None


def cell_rps(r):
    return f"{r['rps']:.0f}" if r else "–"


def table(workloads, servers, results):
    head = ["workload"]
    for s in servers:
        head += [f"{s} req/s", "p50 ms", "p99 ms", "non-2xx"]
    head += [f"{servers[0]}/{peer} req/s" for peer in servers[1:]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for w in workloads:
        row = [w]
        for s in servers:
            r = results.get((w, s))
            if r is None:
                row += ["–"] * 4
                continue
            bad = str(r["non2xx"]) + (f" +{r['socket_errors']} socket" if r["socket_errors"] else "")
            bad = f"**{bad}**" if r["non2xx"] or r["socket_errors"] else bad
            row += [cell_rps(r), f"{r['p50_ms']:.2f}", f"{r['p99_ms']:.2f}", bad]
        ours = results.get((w, servers[0]))
        for peer in servers[1:]:
            theirs = results.get((w, peer))
            x = ratio(ours["rps"], theirs["rps"]) if ours and theirs else None
            row.append(f"{x:.2f}" if x is not None else "–")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def summary(raw, out, meta_args):
    raw = Path(raw)
    workloads = raw.joinpath("workloads").read_text().split()
    servers = raw.joinpath("servers").read_text().split()
    meta = {k: int(v) if v.isdigit() else v for k, v in (arg.split("=", 1) for arg in meta_args)}
    rounds = sorted((d for d in raw.iterdir() if d.is_dir()), key=lambda d: int(d.name))
    results = {}
    for w in workloads:
        for s in servers:
            runs = [parse(f.read_text()) for d in rounds if (f := d / w / f"{s}.txt").exists()]
            if runs:
                results[(w, s)] = aggregate(runs)
    objects = [{"kind": "run", **meta, "rounds": len(rounds), "servers": servers, "workloads": workloads}]
    for (w, s), r in results.items():
        objects.append({"kind": "result", "workload": w, "server": s, **r})
    for w in workloads:
        ours = results.get((w, servers[0]))
        for peer in servers[1:]:
            theirs = results.get((w, peer))
            if ours and theirs:
                objects.append({
                    "kind": "ratio", "workload": w, "server": servers[0], "peer": peer,
                    "rps": ratio(ours["rps"], theirs["rps"]),
                    "p50_ms": ratio(ours["p50_ms"], theirs["p50_ms"]),
                    "p99_ms": ratio(ours["p99_ms"], theirs["p99_ms"]),
                })
    # Each durable backend (spaceport itself on another store) over spaceport in memory, whatever the order.
    backends = [s for s in servers if s in BACKENDS and "spaceport" in servers]
    backend_lines = []
    for w in workloads:
        memory = results.get((w, "spaceport"))
        for b in backends:
            durable = results.get((w, b))
            if memory and durable:
                x = ratio(durable["rps"], memory["rps"])
                objects.append({"kind": "backend_ratio", "workload": w, "backend": b, "rps_over_memory": x})
                backend_lines.append(f"  {w:<16} {b:<10} {x:.2f}× the in-memory req/s")
    lines = "\n".join(json.dumps(o, separators=(",", ":")) for o in objects) + "\n"
    Path(out).write_text(lines)
    print(table(workloads, servers, results))
    if backend_lines:
        print()
        print("durable backends against the in-memory store:")
        print("\n".join(backend_lines))
    print()
    print(f"req/s, p50 and p99: medians over {len(rounds)} round(s); non-2xx: wrk's 'Non-2xx or 3xx' count (and"
          " socket errors), summed over rounds: anything but 0 is a problem; ratios: req/s of "
          f"{servers[0]} over the peer's.")
    print()
    sys.stdout.write(lines)
    bad = sorted({w for (w, _), r in results.items() if r["non2xx"] or r["socket_errors"]})
    if bad:
        print(f"WARNING: non-2xx answers or socket errors in: {', '.join(bad)}", file=sys.stderr)


def routing(lines_path, out):
    """The route-lookup table from bench/routing's JSON lines, with each router's padded-over-spec ratio,
    appended (with the ratios) to the run's JSON lines."""
    rows = [json.loads(line) for line in Path(lines_path).read_text().splitlines() if line.strip()]
    ns = {(r["router"], r["spec"], r["request"]): r["ns_per_lookup"] for r in rows}
    size = {r["spec"]: (r["operations"], r["patterns"]) for r in rows}
    routers = list(dict.fromkeys(r["router"] for r in rows))
    requests = list(dict.fromkeys(r["request"] for r in rows))
    objects = [{"kind": "routing", **r} for r in rows]
    print(f"route lookups, ns each (median of 5 runs): the CF spec ({size['spec'][0]} operations, "
          f"{size['spec'][1]} patterns) and padded ({size['padded'][0]} operations, {size['padded'][1]} patterns)")
    print()
    print("| request | " + " | ".join(f"{r} spec | {r} padded | {r} padded ÷ spec" for r in routers) + " |")
    print("|---|" + "---|---|---|" * len(routers))
    for q in requests:
        cells = []
        for r in routers:
            a, b = ns[(r, "spec", q)], ns[(r, "padded", q)]
            cells += [f"{a:.0f}", f"{b:.0f}", f"{ratio(b, a):.2f}"]
            objects.append({"kind": "routing_ratio", "router": r, "request": q, "padded_over_spec": ratio(b, a)})
        print(f"| {q} | " + " | ".join(cells) + " |")
    print()
    lines = "\n".join(json.dumps(o, separators=(",", ":")) for o in objects) + "\n"
    with open(out, "a") as f:
        f.write(lines)
    sys.stdout.write(lines)


def main(argv):
    if len(argv) == 2 and argv[0] == "one":
        one(argv[1])
    elif len(argv) == 3 and argv[0] == "routing":
        routing(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "summary":
        summary(argv[1], argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
