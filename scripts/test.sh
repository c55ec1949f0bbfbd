#!/usr/bin/env bash
# Builds northstar and runs every test: the dev preset (warnings as errors),
# again under AddressSanitizer + UndefinedBehaviorSanitizer, the multithreaded
# kernels and fits under ThreadSanitizer (tsan: ctest label threads), and a
# bounded libFuzzer run of every fuzz target (fuzz: scripts/fuzz.sh, clang-14,
# NORTHSTAR_FUZZ_SECONDS per target, default 20).
# Usage: bash scripts/test.sh [preset ...]   (default: dev asan tsan fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(dev asan tsan fuzz)
jobs=$(nproc)
for preset in "${presets[@]}"; do
  start=${SECONDS}
  if [ "${preset}" = fuzz ]; then
    echo "=== fuzz: configure, build, run each target ${NORTHSTAR_FUZZ_SECONDS:-20} s"
    # A fixed seed: CI replays the same mutation sequence from the committed corpus (new
    # inputs are explored by long runs on demand: bash scripts/fuzz.sh 3600).
    NORTHSTAR_FUZZ_SEED="${NORTHSTAR_FUZZ_SEED:-1}" bash scripts/fuzz.sh "${NORTHSTAR_FUZZ_SECONDS:-20}"
  else
    echo "=== ${preset}: configure, build, test"
    cmake --preset "${preset}" >/dev/null
    cmake --build --preset "${preset}" -j "${jobs}"
    ctest --preset "${preset}" -j "${jobs}"
  fi
  echo "=== ${preset}: $((SECONDS - start)) s"
done
