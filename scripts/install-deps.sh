#!/usr/bin/env bash
# Installs northstar's build and test dependencies from Debian 12 packages.
# Idempotent and quiet when everything is present. Run as root (or with sudo).
set -euo pipefail

packages=(
  g++ cmake ninja-build git pkgconf
  libeigen3-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  liblbfgspp-dev nlohmann-json3-dev
  pybind11-dev python3-dev python3-numpy python3-pytest
  python3-pandas python3-dask python3-distributed python3-scipy
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
