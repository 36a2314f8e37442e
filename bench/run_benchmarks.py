#!/usr/bin/env python3
"""Runs every benchmark and prints one table (docs/PERFORMANCE.md).

  ingest     100,000 webhook POSTs (~2 KB Run bodies, C keep-alive connections) from
             wc_load_generator to the capture server, then the same load to a Python
             ThreadingHTTPServer receiver: req/s, ratio, recorded, distinct ids.
  wake-up    arrival -> awaitWebhook return, p50/p99 (wc_wakeup_bench, Google Benchmark).
  memory     bytes per held webhook and peak RSS at 100,000 held webhooks (capture receiver).
  scaling    the report writers at 1,000 and 10,000 cases, capture's views at 1,000 and 10,000
             stored webhooks (wc_scaling_bench, Google Benchmark).
  suite      `webhook-conformance run` against the embedded reference: total wall time, slowest
             case, ratio; and against a LangGraph.js server when --langgraph-js URL is given.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


def start_receiver(cmd):
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        proc.kill()
        sys.exit(f"receiver {cmd[0]} did not print its port")
    return proc, int(line[1])


def ingest(build, receiver_cmd, count, connections, body_bytes, timeout_s):
    proc, port = start_receiver(receiver_cmd + ["--expect", str(count), "--timeout-s", str(timeout_s)])
    load = subprocess.run(
        [os.path.join(build, "bench", "wc_load_generator"), "--url",
         f"http://127.0.0.1:{port}/hook/bench/delivery?token=t", "--count", str(count),
         "--connections", str(connections), "--body-bytes", str(body_bytes)],
        capture_output=True, text=True, timeout=timeout_s + 60)
    if not load.stdout.strip():
        proc.kill()
        sys.exit(f"load generator failed: {load.stderr}")
    sent = json.loads(load.stdout)
    proc.stdin.close()  # the load is over: report now
    out = proc.stdout.read()
    proc.wait(timeout=60)
    got = json.loads(out.strip().splitlines()[-1])
    return sent, got


def cpu_ticks():
    """The machine's CPU time so far from /proc/stat: (steal ticks, all ticks); (0, 0) elsewhere."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    steal = fields[7] if len(fields) > 7 else 0
    return steal, sum(fields[:8])


def wakeup(build, repetitions):
    """Returns p50, p99, payload-check us, samples and the share of CPU time the hypervisor stole
    meanwhile: a tail latency on a VM whose host is busy says more about the host than about us."""
    steal_before, all_before = cpu_ticks()
    out = subprocess.run(
        [os.path.join(build, "bench", "wc_wakeup_bench"), "--benchmark_format=json",
         f"--benchmark_repetitions={repetitions}"],
        capture_output=True, text=True, check=True).stdout
    runs = json.loads(out)["benchmarks"]
    wake = [b for b in runs if b["name"].startswith("BM_WakeUpLatency") and b.get("run_type") == "iteration"]
    checks = [b for b in runs if b["name"].startswith("BM_PayloadChecks") and b.get("run_type") == "iteration"]
    p50 = sorted(b["p50_us"] for b in wake)[len(wake) // 2]
    p99 = max(b["p99_us"] for b in wake)  # the worst repetition's p99
    check_us = sorted(b["real_time"] for b in checks)[len(checks) // 2]
    steal_after, all_after = cpu_ticks()
    steal = (steal_after - steal_before) / (all_after - all_before) if all_after > all_before else 0.0
    return p50, p99, check_us, sum(int(b["iterations"]) for b in wake), steal


def scaling(build):
    """wc_scaling_bench: each report writer at 1,000 and 10,000 cases, capture's views at 1,000
    and 10,000 stored webhooks. Returns table rows."""
    out = subprocess.run(
        [os.path.join(build, "bench", "wc_scaling_bench"), "--benchmark_format=json"],
        capture_output=True, text=True, check=True).stdout
    runs = {b["name"]: b for b in json.loads(out)["benchmarks"] if b.get("run_type") == "iteration"}
    ms = lambda b: b["real_time"] * {"ms": 1, "us": 1e-3, "ns": 1e-6}[b["time_unit"]]
    rows = []
    for name, label in (("BM_JunitReport", "junit.xml"), ("BM_JsonReport", "report.json"),
                        ("BM_HtmlReport", "report.html"), ("BM_MarkdownSummary", "summary.md")):
        small, large = runs[f"{name}/1000"], runs[f"{name}/10000"]
        rows.append((f"report writer {label}, 1,000 / 10,000 cases",
                     f"{ms(small):.1f} / {ms(large):.1f} ms",
                     f"{ms(small):.1f} / {ms(large) / 10:.1f} us per case "
                     f"(x{ms(large) / ms(small):.1f} for 10x the cases; linear: ~x10"
                     + ("; summary.md lists at most 30 cases" if label == "summary.md" else "") + ")"))
    for name, label in (("BM_WebhooksJsonAfterNewestButOne", "capture /webhooks.json?after=newest-1"),
                        ("BM_CapturePageNewest100", "capture live page (newest 100)"),
                        ("BM_WebhooksJsonAll", "capture /webhooks.json, all kept")):
        small, large = runs[f"{name}/1000"], runs[f"{name}/10000"]
        rows.append((f"{label}, 1,000 / 10,000 stored", f"{ms(small) * 1000:.1f} / {ms(large) * 1000:.1f} us", ""))
    add = runs["BM_CaptureStoreAdd"]
    rows.append(("capture: render + store one 2 KB webhook", f"{ms(add) * 1000:.1f} us", "once, at arrival"))
    return rows


def suite(build, target=None, extra=()):
    with tempfile.TemporaryDirectory() as reports:
        cmd = [os.path.join(build, "webhook-conformance"), "run", "--quiet", "--report-dir", reports]
        if target:
            cmd += ["--target", target]
        cmd += list(extra)
        started = time.monotonic()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.monotonic() - started
        cases = []
        junit = os.path.join(reports, "junit.xml")
        if os.path.exists(junit):
            for case in ET.parse(junit).getroot().iter("testcase"):
                skipped = case.find("skipped") is not None
                if not skipped:
                    cases.append((float(case.get("time", "0")), case.get("name", "")))
        cases.sort(reverse=True)
        slowest = cases[0] if cases else (0.0, "-")
        top3 = ", ".join(f"{name} {t:.2f} s" for t, name in cases[:3]) or "-"
        return {"exit": done.returncode, "wall_s": wall, "cases": len(cases), "slowest_s": slowest[0],
                "slowest": slowest[1], "top3": top3}


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        ram_kb = int(f.readline().split()[1])
    return f"{os.cpu_count()} CPUs, {cpu}, {ram_kb / 1048576:.1f} GiB RAM, {platform.system()} {platform.release()}, load avg {os.getloadavg()[0]:.2f} at start"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.environ.get("BUILD_DIR", os.path.join(HERE, "..", "build-bench")))
    p.add_argument("--count", type=int, default=100000)
    p.add_argument("--connections", type=int, default=48)
    p.add_argument("--body-bytes", type=int, default=2048)
    p.add_argument("--keep-alive-max", type=int, default=100, help="capture server keep-alive max count (CaptureOptions default)")
    p.add_argument("--wakeup-repetitions", type=int, default=3)
    p.add_argument("--suite-runs", type=int, default=5)
    p.add_argument("--langgraph-js", default=os.environ.get("LANGGRAPH_JS_URL", ""),
                   help="URL of a running LangGraph.js server (optional)")
    p.add_argument("--timeout-s", type=int, default=600)
    p.add_argument("--suite-only", action="store_true", help="only the default-run figures")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    rows = []

    print(f"machine: {machine()}", flush=True)
    if not a.suite_only:
        print(f"ingest: {a.count} POSTs of ~{a.body_bytes} B over {a.connections} connections ...", flush=True)
        cap_sent, cap = ingest(build, [os.path.join(build, "bench", "wc_capture_receiver"),
                                       "--keep-alive-max", str(a.keep_alive_max)],
                               a.count, a.connections, a.body_bytes, a.timeout_s)
        py_sent, py = ingest(build, [sys.executable, os.path.join(HERE, "python_receiver.py")],
                             a.count, a.connections, a.body_bytes, a.timeout_s)
        rows.append(("ingest: capture server", f"{cap_sent['rps']:.0f} req/s",
                     f"{cap_sent['seconds']:.2f} s; {cap['recorded']} recorded, {cap['distinct']} distinct ids, {cap_sent['failed']} failed sends"))
        rows.append(("ingest: Python ThreadingHTTPServer", f"{py_sent['rps']:.0f} req/s",
                     f"{py_sent['seconds']:.2f} s; {py['recorded']} recorded, {py['distinct']} distinct ids, {py_sent['failed']} failed sends"))
        rows.append(("ingest: ratio capture / Python", f"{cap_sent['rps'] / py_sent['rps']:.1f}x", "goal >= 3x with 0 lost"))
        exactly_once = cap["recorded"] == a.count and cap["distinct"] == a.count
        rows.append(("ingest: capture exactly once", "yes" if exactly_once else "NO",
                     f"{cap['distinct']}/{a.count} distinct, {cap['recorded'] - cap['distinct']} duplicates"))
        rows.append(("memory per held webhook", f"{cap['bytes_per_webhook']:.0f} B",
                     f"RSS {cap['rss_before_kb'] / 1024:.1f} -> {cap['rss_held_kb'] / 1024:.1f} MiB; body {cap_sent['body_bytes']} B"))
        rows.append((f"peak RSS at {a.count} held webhooks", f"{cap['peak_rss_kb'] / 1024:.1f} MiB",
                     f"Python receiver peak {py['peak_rss_kb'] / 1024:.1f} MiB"))

        load_before = os.getloadavg()[0]
        print(f"wake-up latency (load avg {load_before:.2f}) ...", flush=True)
        p50, p99, check_us, samples, steal = wakeup(build, a.wakeup_repetitions)
        rows.append(("wake-up latency p50", f"{p50:.1f} us", f"{samples} webhooks"))
        rows.append(("wake-up latency p99", f"{p99:.1f} us",
                     f"worst of {a.wakeup_repetitions} repetitions; goal <= 1000 us; load avg "
                     f"{load_before:.2f} before, CPU time stolen by the hypervisor {steal * 100:.1f}%"))
        rows.append(("payload checks per webhook", f"{check_us:.1f} us", "parse + schema + field, 2 KB Run"))
        print("report writers and capture views at 1,000 and 10,000 ...", flush=True)
        rows += scaling(build)

    targets = [("reference", None)]
    if a.langgraph_js:
        targets.append(("LangGraph.js", a.langgraph_js))
    for name, url in targets:
        print(f"suite against {name} x{a.suite_runs} ...", flush=True)
        runs = [suite(build, url) for _ in range(a.suite_runs)]
        # The median run by wall time (not the best: the cron cases' wait depends on where in a
        # second the run starts), and the worst ratio over all runs.
        median = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
        rows.append((f"suite vs {name}: total wall", f"{median['wall_s']:.2f} s",
                     f"median of {a.suite_runs} (max {max(r['wall_s'] for r in runs):.2f} s); "
                     f"{median['cases']} cases ran; exit {median['exit']}"
                     + ("; goal <= 2.5 s" if url is None else "")))
        rows.append((f"suite vs {name}: slowest three", f"{median['slowest_s']:.2f} s", median["top3"]))
        ratios = [r["wall_s"] / r["slowest_s"] for r in runs if r["slowest_s"]]
        rows.append((f"suite vs {name}: total / slowest case", f"{max(ratios):.2f}" if ratios else "nan",
                     f"worst of {a.suite_runs}; goal <= 1.15"))

    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print()
    print(f"| {'measure'.ljust(width)} | {'value'.ljust(vwidth)} | notes |")
    print(f"|{'-' * (width + 2)}|{'-' * (vwidth + 2)}|-------|")
    for r in rows:
        print(f"| {r[0].ljust(width)} | {r[1].ljust(vwidth)} | {r[2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
