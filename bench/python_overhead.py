#!/usr/bin/python3
"""Python-call overhead of northstar.clv against the C++ kernel itself.

For 1e3 and 1e7 customers, margin CLV (5 inputs: 2 arrays, 3 scalars) into a
preallocated output. Times the Python call f.evaluate(out=out) with
time.perf_counter (best of R) and the same C++ evaluate() timed inside C++
with the GIL released (northstar._northstar._bench.evaluate_seconds, best of R),
and prints both with the overhead in percent and in microseconds per call.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python_overhead.py [--threads 1] [--repeat 20]

Run it on a quiet machine for figures; on a shared one label them "under load".
"""
import argparse
import time

import numpy as np

import northstar
from northstar import clv
from northstar._northstar import _bench


def best_python(f, out, repeat, threads):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f.evaluate(out=out, threads=threads)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1, help="kernel threads (0 = all cores)")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--sizes", type=float, nargs="*", default=[1e3, 1e7])
    args = ap.parse_args()
    print(f"northstar {northstar.__version__}, threads={args.threads}, best of {args.repeat}")
    print(f"{'customers':>12} {'python s':>12} {'c++ s':>12} {'overhead':>10} {'us/call':>9}")
    rng = np.random.default_rng(7)
    for size in args.sizes:
        n = int(size)
        aov = rng.uniform(5, 200, n)
        freq = rng.uniform(0.1, 12, n)
        out = np.empty(n)
        f = clv.margin_clv(aov, 0.3, freq, 3.0, 25.0)
        repeat = args.repeat if n <= 1e6 else max(3, args.repeat // 4)
        if n <= 1e4:
            repeat *= 50  # tiny calls: more samples for a stable best
        f.evaluate(out=out, threads=args.threads)  # warm up: page faults, dispatch
        py = best_python(f, out, repeat, args.threads)
        cpp = _bench.evaluate_seconds(f, out, repeat=repeat, threads=args.threads)
        print(f"{n:>12,} {py:>12.6f} {cpp:>12.6f} {100 * (py - cpp) / cpp:>9.1f}% {1e6 * (py - cpp):>9.2f}")


if __name__ == "__main__":
    main()
