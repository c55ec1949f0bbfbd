// northstar: the one version number of the project (CMake parses it from here).
// The C header northstar/northstar.h repeats the three numbers (it includes
// nothing of C++): change both; src/c_api/status.cpp fails to compile when
// they differ.
#pragma once

#include <northstar/core/config.hpp>  // NORTHSTAR_BEGIN_NAMESPACE, NORTHSTAR_ALWAYS_INLINE, ...
#include <northstar/core/export.hpp>  // NORTHSTAR_API

#define NORTHSTAR_VERSION_MAJOR 0
#define NORTHSTAR_VERSION_MINOR 1
#define NORTHSTAR_VERSION_PATCH 0

/// Version as one integer: major * 10000 + minor * 100 + patch.
#define NORTHSTAR_VERSION \
  (NORTHSTAR_VERSION_MAJOR * 10000 + NORTHSTAR_VERSION_MINOR * 100 + NORTHSTAR_VERSION_PATCH)
