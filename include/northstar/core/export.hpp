// NORTHSTAR_API marks the out-of-line public functions and classes of the C++
// library. A shared libnorthstar is built with hidden visibility
// (CXX_VISIBILITY_PRESET hidden, VISIBILITY_INLINES_HIDDEN), so only what is
// marked is exported; a static library needs no marks (NORTHSTAR_API is empty).
// CMake defines NORTHSTAR_SHARED for the library and its users when
// BUILD_SHARED_LIBS is on, and NORTHSTAR_BUILDING while compiling the library.
#pragma once

#if defined(NORTHSTAR_SHARED)
#if defined(_WIN32)
#if defined(NORTHSTAR_BUILDING)
#define NORTHSTAR_API __declspec(dllexport)
#else
#define NORTHSTAR_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define NORTHSTAR_API __attribute__((visibility("default")))
#else
#define NORTHSTAR_API
#endif
#else
#define NORTHSTAR_API
#endif
