#!/usr/bin/env python3
"""Pairs each clv_* benchmark with the triad of the same size and thread count
(same binary, same run) and prints bytes_per_second as a ratio of the triad's.

  build/release/bench/bench_clv_closed_form --benchmark_format=json > out.json
  python3 bench/ratios.py out.json

With --benchmark_repetitions=N (better with --benchmark_enable_random_interleaving=true,
which spreads the triad's and the kernels' runs over the same minutes), the
medians are paired. The paired_* benchmarks time the triad and a kernel in
alternation within each iteration; their own ratio counter is printed as is.
"""
import json
import sys

data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
triad, rows = {}, []
runs = data["benchmarks"]
if any(b.get("run_type") == "aggregate" for b in runs):
    runs = [b for b in runs if b.get("aggregate_name") == "median"]
paired = []
for b in runs:
    name, n, threads = b.get("run_name", b["name"]).split("/")[:3]
    if name.startswith("paired_"):
        paired.append((name, n, threads, b["kernel_GBps"], b["triad_GBps"], b["ratio"]))
    elif name == "triad":
        triad[(n, threads)] = b["bytes_per_second"]
    else:
        rows.append((name, n, threads, b["bytes_per_second"]))
print(f"{'benchmark':<36}{'n':>11}{'threads':>8}{'GB/s':>8}{'triad GB/s':>12}{'ratio':>7}")
for name, n, threads, bps in rows:
    t = triad.get((n, threads))
    if t:
        print(f"{name:<36}{n:>11}{threads:>8}{bps / 1e9:>8.2f}{t / 1e9:>12.2f}{bps / t:>7.2f}")
for name, n, threads, k, t, r in paired:
    print(f"{name:<36}{n:>11}{threads:>8}{k:>8.2f}{t:>12.2f}{r:>7.2f}")
