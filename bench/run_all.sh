#!/usr/bin/env bash
# Runs every benchmark of the project in the release preset on a quiet machine
# and writes the raw JSON and the summaries to bench/results/<date>/.
#   bash bench/run_all.sh            (about 15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
out=bench/results/$(date -u +%Y-%m-%d)
mkdir -p "$out"
bin=build/release/bench

echo "== closed-form CLV against the triad"
"$bin/bench_clv_closed_form" --benchmark_format=json --benchmark_out="$out/clv_closed_form.json" \
  --benchmark_out_format=json --benchmark_filter='/(1000000|10000000|100000000)/' >/dev/null
python3 bench/ratios.py "$out/clv_closed_form.json" | tee "$out/clv_closed_form_ratios.txt"

echo "== closed-form CLV against numpy"
/usr/bin/python3 bench/compare_numpy.py "$bin/bench_clv_closed_form" | tee "$out/clv_numpy.txt"

for b in "$bin"/bench_clv_bg_nbd "$bin"/bench_clv_pareto_nbd "$bin"/okr_evaluate; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" --benchmark_out="$out/$(basename "$b").json" --benchmark_out_format=json | tee "$out/$(basename "$b").txt"
done
