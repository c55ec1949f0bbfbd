# Options: tests, benchmarks, examples and install rules default on only when
# northstar is the top-level project (a consumer's add_subdirectory stays quiet).
option(NORTHSTAR_BUILD_TESTS "Build the northstar tests" ${PROJECT_IS_TOP_LEVEL})
option(NORTHSTAR_BUILD_BENCH "Build the northstar benchmarks" ${PROJECT_IS_TOP_LEVEL})
option(NORTHSTAR_BUILD_EXAMPLES "Build the northstar examples" ${PROJECT_IS_TOP_LEVEL})
option(NORTHSTAR_INSTALL "Generate northstar's install rules" ${PROJECT_IS_TOP_LEVEL})
option(NORTHSTAR_WERROR "Treat compiler warnings as errors (on in CI, off for consumers)" OFF)
option(NORTHSTAR_NATIVE "Compile for the building machine's CPU (-march=native); not portable" OFF)
option(BUILD_SHARED_LIBS "Build northstar as a shared library" OFF)

# -Wall -Wextra -Wpedantic on northstar's own targets only.
function(northstar_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(NORTHSTAR_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# Portable x86-64 baseline by default; -march=native only on request.
function(northstar_set_arch target)
  if(NORTHSTAR_NATIVE AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()
option(NORTHSTAR_TEST_PORT_BUILDS "Test the vcpkg/Conan build recipe with plain CMake (two extra library builds)" ${PROJECT_IS_TOP_LEVEL})
# The package tests build the library again (add_subdirectory consumer, port builds): they check
# packaging, not speed, so by default they build it as Debug (-O0: half the compile time of -O2 -g;
# the kernels keep their own optimize attributes), one of the two configurations vcpkg builds.
set(NORTHSTAR_PACKAGE_TEST_BUILD_TYPE "Debug" CACHE STRING
  "CMAKE_BUILD_TYPE of the library builds inside the package tests")
option(NORTHSTAR_BUILD_FUZZERS "Build the libFuzzer targets in fuzz/ (clang only; see the fuzz preset)" OFF)
