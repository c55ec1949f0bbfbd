#!/usr/bin/env python3
"""Pairs each clv_* benchmark with the triad of the same size and thread count
(same binary, same run) and prints bytes_per_second as a ratio of the triad's.

  build/release/bench/bench_clv_closed_form --benchmark_format=json > out.json
  python3 bench/ratios.py out.json

With --benchmark_repetitions=N (better with --benchmark_enable_random_interleaving=true,
which spreads the triad's and the kernels' runs over the same minutes), the
medians are paired. The paired_* benchmarks time the triad and a kernel in
alternation within each iteration; their own ratio counter is printed as is, and
the reductions' time is compared with evaluate()'s over the same n and threads
(counter time_in_triads: a call's time in triads).

The last column marks the targets: margin-based and retention-based CLV at
1e8 customers reach 0.85 of the triad ("met" / "short"), and reductions run
faster than evaluate() ("faster" / "slower").
"""
import json
import sys

data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
triad, rows = {}, []
runs = data["benchmarks"]
if any(b.get("run_type") == "aggregate" for b in runs):
    runs = [b for b in runs if b.get("aggregate_name") == "median"]
paired, in_triads = [], {}
for b in runs:
    name, n, threads = b.get("run_name", b["name"]).split("/")[:3]
    if name.startswith("paired_"):
        paired.append((name, n, threads, b["kernel_GBps"], b["triad_GBps"], b["ratio"]))
        if "time_in_triads" in b:
            in_triads[(name, n, threads)] = b["time_in_triads"]
    elif name == "triad":
        triad[(n, threads)] = b["bytes_per_second"]
    else:
        rows.append((name, n, threads, b["bytes_per_second"]))


def target(name, n, ratio):
    """met / short against 0.85 x triad for the kernels the target names, else ''."""
    kernel = name.split("_", 1)[1] if "_" in name else ""
    if n != "100000000" or not kernel.startswith(("margin_", "retention_")):
        return ""
    return "met" if ratio >= 0.85 else "short"


print(f"{'benchmark':<36}{'n':>11}{'threads':>8}{'GB/s':>8}{'triad GB/s':>12}{'ratio':>7}  target 0.85")
for name, n, threads, bps in rows:
    t = triad.get((n, threads))
    if t:
        r = bps / t
        print(f"{name:<36}{n:>11}{threads:>8}{bps / 1e9:>8.2f}{t / 1e9:>12.2f}{r:>7.2f}  {target(name, n, r)}")
for name, n, threads, k, t, r in paired:
    print(f"{name:<36}{n:>11}{threads:>8}{k:>8.2f}{t:>12.2f}{r:>7.2f}  {target(name, n, r)}")

# Reductions against evaluate() by time (each in triads of the same n, so the
# VM's drift between the two benchmarks cancels): below 1 is faster.
evaluates = [("paired_margin_fused_", "validation::fused"), ("paired_margin_", "default")]
vs_evaluate = []
for (name, n, threads), t in in_triads.items():
    if not name.startswith(("paired_total_", "paired_segments")):
        continue
    kind = name.rsplit("_", 1)[1]  # double or float
    for prefix, label in evaluates:
        e = in_triads.get((prefix + kind, n, threads))
        if e:
            vs_evaluate.append((name, n, threads, label, t / e))
if vs_evaluate:
    print(f"\n{'reduction time / evaluate time':<44}{'n':>11}{'threads':>8}{'evaluate':>19}{'ratio':>7}")
    for name, n, threads, label, r in vs_evaluate:
        print(f"{name:<44}{n:>11}{threads:>8}{label:>19}{r:>7.2f}  {'faster' if r < 1 else 'slower'}")
