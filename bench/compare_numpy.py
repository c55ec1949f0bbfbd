#!/usr/bin/python3
"""Closed-form CLV: numpy against northstar, from one run of this script.

Times the margin-based and retention-based formulas with numpy (Debian's
/usr/bin/python3 with python3-numpy; best of several runs, single-threaded as
numpy's elementwise operations are) on the same sizes and inputs shapes as
bench_clv_closed_form, runs that benchmark binary for the same cases (best of 3
repetitions), and prints
numpy time / northstar time per formula, size and northstar thread count.

  /usr/bin/python3 bench/compare_numpy.py [build/release/bench/bench_clv_closed_form] [sizes...]
"""
import json
import subprocess
import sys
import time

import numpy as np

binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/bench/bench_clv_closed_form"
sizes = [int(float(s)) for s in sys.argv[2:]] or [1_000_000, 10_000_000, 100_000_000]


def inputs(n, base, spread=1.0, dtype=np.float64):
    # Same values as the benchmark's buffers: base + spread * ((i * 2654435761) % 2^32 % 1000) / 1000.
    i = np.arange(n, dtype=np.uint64)
    frac = ((i * np.uint64(2654435761)) % np.uint64(2**32) % np.uint64(1000)).astype(dtype) / dtype(1000)
    return (dtype(base) + dtype(spread) * frac).astype(dtype)


def best_time(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


numpy_times = {}
for n in sizes:
    repeat = 3 if n >= 100_000_000 else 7
    for dtype, tname in ((np.float64, "double"), (np.float32, "float")):
        aov, gm, f, l, cac = (inputs(n, 20, dtype=dtype), inputs(n, 0.2, 0.5, dtype), inputs(n, 1, dtype=dtype),
                              inputs(n, 2, dtype=dtype), inputs(n, 5, dtype=dtype))
        numpy_times[("margin", tname, n)] = best_time(lambda: aov * gm * f * l - cac, repeat)
        del aov, gm, f, l
        m, r, d = inputs(n, 50, dtype=dtype), inputs(n, 0.3, 0.5, dtype), inputs(n, 0.01, 0.01, dtype)
        numpy_times[("retention", tname, n)] = best_time(lambda: m * r / (1 + d - r) - cac, repeat)
        del m, r, d, cac

size_re = "|".join(str(n) for n in sizes)
# Best of 3 repetitions on both sides (numpy above is best of 3 too).
cmd = [binary, f"--benchmark_filter=^(triad|clv_(margin|retention)(_fused)?_(double|float))/({size_re})/",
       "--benchmark_repetitions=3", "--benchmark_format=json"]
print("running:", " ".join(cmd), file=sys.stderr)
report = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)

ours = {}
for b in report["benchmarks"]:
    if b.get("run_type") == "aggregate":
        continue
    name, n, threads = b["name"].split("/")[:3]
    key = (name, int(n), int(threads))
    t = b["real_time"] * {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1}[b["time_unit"]]
    ours[key] = min(t, ours.get(key, float("inf")))

print(f"{'formula':<28}{'n':>12}{'threads':>9}{'numpy s':>11}{'northstar s':>13}{'numpy/northstar':>17}")
for (formula, tname, n), t_np in numpy_times.items():
    for variant in ("", "_fused"):
        for threads in (1, 2):
            key = (f"clv_{formula}{variant}_{tname}", n, threads)
            if key in ours:
                print(f"{key[0]:<28}{n:>12}{threads:>9}{t_np:>11.4f}{ours[key]:>13.4f}{t_np / ours[key]:>17.2f}")
