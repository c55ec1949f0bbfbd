#!/usr/bin/env python3
"""Compares one benchmark program of two builds (e.g. a commit and its parent)
in one run: the two binaries alternate, ROUNDS times, and the medians of their
real times are printed side by side with the ratio new / old.

    python3 bench/compare_builds.py OLD/bench/bench_clv_bg_nbd NEW/bench/bench_clv_bg_nbd \
        --filter '/1000000/' --rounds 5
"""
import argparse
import json
import statistics
import subprocess


def run(binary, flt, min_time):
    out = subprocess.run([binary, f"--benchmark_filter={flt}", f"--benchmark_min_time={min_time}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    return {b["name"]: (b["real_time"], b["time_unit"]) for b in json.loads(out)["benchmarks"]
            if b.get("run_type") != "aggregate"}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--filter", default=".")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--min-time", default="0.5")
    a = p.parse_args()
    times = {"old": {}, "new": {}}
    units = {}
    for _ in range(a.rounds):
        for which, binary in (("old", a.old), ("new", a.new)):
            for name, (t, unit) in run(binary, a.filter, a.min_time).items():
                times[which].setdefault(name, []).append(t)
                units[name] = unit
    print(f"{'benchmark':44} {'old':>12} {'new':>12} {'new/old':>8}")
    for name in times["old"]:
        if name not in times["new"]:
            continue
        o, n = statistics.median(times["old"][name]), statistics.median(times["new"][name])
        u = units[name]
        print(f"{name:44} {o:9.3f} {u:>2} {n:9.3f} {u:>2} {n / o:8.3f}")


if __name__ == "__main__":
    main()
