#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang-14, ASan + UBSan) and runs
# each for a bounded time, starting from the committed corpus (fuzz/corpus/<target>).
# New interesting inputs go to build/fuzz/corpus-work/<target> (not committed);
# crashes to build/fuzz/artifacts/<target>/ (turn each into a regression file in
# fuzz/corpus/<target>/ and fix the bug). Prints executions per second per target.
# Usage: bash scripts/fuzz.sh [seconds-per-target] [target ...]   (default 30 s, all targets)
# NORTHSTAR_FUZZ_SEED=N fixes libFuzzer's seed (scripts/test.sh uses 1); unset: a random seed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(okr_json transactions_csv c_api model_predictions)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
summary=()
for t in "${targets[@]}"; do
  work="build/fuzz/corpus-work/${t}"
  artifacts="build/fuzz/artifacts/${t}/"
  mkdir -p "${work}" "${artifacts}"
  case "${t}" in
    okr_json | transactions_csv) max_len=16384 ;;
    *) max_len=4096 ;;
  esac
  log="build/fuzz/${t}.log"
  echo "=== fuzz ${t}: ${seconds} s"
  seed=()
  [ -n "${NORTHSTAR_FUZZ_SEED:-}" ] && seed=(-seed="${NORTHSTAR_FUZZ_SEED}")
  if ! "build/fuzz/fuzz/fuzz_${t}" "${seed[@]}" -max_total_time="${seconds}" -timeout=20 -rss_limit_mb=2048 \
      -max_len="${max_len}" -print_final_stats=1 -artifact_prefix="${artifacts}" \
      "${work}" "fuzz/corpus/${t}" >"${log}" 2>&1; then
    status=1
    echo "!!! ${t}: crash or failure, see ${log} and ${artifacts}"
    grep -E "ERROR|property violated|runtime error|deadly signal|Test unit written" "${log}" | head -20 || true
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "${log}" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "${log}" | tail -1 || true)
  summary+=("$(printf '%-20s %10s s %12s runs %8s exec/s  %s' "${t}" "${seconds}" "${runs:-?}" "${eps:-?}" "${cov}")")
done
echo "=== fuzz summary (target, time, executions, executions per second, coverage)"
printf '%s\n' "${summary[@]}"
exit "${status}"
