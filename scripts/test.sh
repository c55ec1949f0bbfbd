#!/usr/bin/env bash
# Builds northstar and runs every test: the dev preset (warnings as errors),
# then again under AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: bash scripts/test.sh [preset ...]   (default: dev asan)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(dev asan)
jobs=$(nproc)
for preset in "${presets[@]}"; do
  echo "=== ${preset}: configure, build, test"
  cmake --preset "${preset}" >/dev/null
  cmake --build --preset "${preset}" -j "${jobs}"
  ctest --preset "${preset}" -j "${jobs}"
done
