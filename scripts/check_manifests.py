#!/usr/bin/python3
"""Offline checks of the package manifests: vcpkg.json keys and version, the
Conan recipe's version source, pyproject.toml's version, all equal to
include/northstar/version.hpp. Exit 1 with a message naming the file and the
field on the first mismatch."""
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
errors = []


def fail(msg):
    errors.append(msg)


hpp = (root / "include/northstar/version.hpp").read_text()
version = ".".join(re.search(r"#define NORTHSTAR_VERSION_%s (\d+)" % p, hpp).group(1)
                   for p in ("MAJOR", "MINOR", "PATCH"))

# vcpkg manifest
path = root / "ports/northstar/vcpkg.json"
try:
    manifest = json.loads(path.read_text())
except (OSError, ValueError) as e:
    fail(f"{path}: not valid JSON: {e}")
    manifest = {}
for key in ("name", "version", "description", "license", "dependencies"):
    if key not in manifest:
        fail(f"{path}: missing key '{key}'")
if manifest.get("name") != "northstar":
    fail(f"{path}: name = {manifest.get('name')!r}, want 'northstar'")
if manifest.get("version") != version:
    fail(f"{path}: version = {manifest.get('version')!r}, version.hpp says {version!r}")
deps = {d if isinstance(d, str) else d.get("name") for d in manifest.get("dependencies", [])}
for d in ("vcpkg-cmake", "vcpkg-cmake-config", "eigen3", "boost-math", "lbfgspp", "nlohmann-json"):
    if d not in deps:
        fail(f"{path}: dependencies lack '{d}'")
for d in manifest.get("dependencies", []):
    if isinstance(d, dict) and d.get("name", "").startswith("vcpkg-cmake") and d.get("host") is not True:
        fail(f"{path}: dependency '{d['name']}' must be a host dependency")
for f in ("portfile.cmake", "usage", "README.md"):
    if not (root / "ports/northstar" / f).is_file():
        fail(f"ports/northstar/{f} is missing")
portfile = (root / "ports/northstar/portfile.cmake").read_text()
for opt in ("-DNORTHSTAR_BUILD_TESTS=OFF", "-DNORTHSTAR_BUILD_C_API=ON", "-DNORTHSTAR_C_SHARED="):
    if opt not in portfile:
        fail(f"ports/northstar/portfile.cmake: option {opt} missing (keep in sync with port_build.cmake)")

# Conan recipe: version read from version.hpp, the same options.
recipe = (root / "conan/conanfile.py").read_text()
if "def set_version" not in recipe or "version.hpp" not in recipe:
    fail("conan/conanfile.py: the version must come from include/northstar/version.hpp (set_version)")
if re.search(r"^\s*version\s*=", recipe, re.M):
    fail("conan/conanfile.py: a literal `version = ...` would drift from version.hpp")
for opt in ("NORTHSTAR_BUILD_TESTS", "NORTHSTAR_BUILD_C_API", "NORTHSTAR_C_SHARED"):
    if opt not in recipe:
        fail(f"conan/conanfile.py: option {opt} missing (keep in sync with port_build.cmake)")
if "tests\", \"package\", \"consumer\"" not in (root / "conan/test_package/conanfile.py").read_text():
    fail("conan/test_package/conanfile.py: must build tests/package/consumer")

# pyproject.toml (when present)
py = root / "python/pyproject.toml"
if py.is_file():
    m = re.search(r'^version\s*=\s*"([^"]+)"', py.read_text(), re.M)
    if not m or m.group(1) != version:
        fail(f"{py}: version = {m.group(1) if m else None!r}, version.hpp says {version!r}")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"manifests agree with version.hpp ({version})")
