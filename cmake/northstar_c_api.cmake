# The C API: library northstar_c (alias northstar::c), SHARED by default. It
# links the C++ library privately and exports only the northstar_* functions
# (hidden visibility + a linker version script), so its ABI is the C header.
option(NORTHSTAR_BUILD_C_API "Build the C API library northstar_c" ON)
option(NORTHSTAR_C_SHARED "Build northstar_c as a shared library (OFF: static)" ON)
if(NOT NORTHSTAR_BUILD_C_API)
  return()
endif()
enable_language(C)

if(NORTHSTAR_C_SHARED)
  set(_ns_c_kind SHARED)
  # The C++ library's objects end up inside a shared object.
  set_target_properties(northstar PROPERTIES POSITION_INDEPENDENT_CODE ON)
else()
  set(_ns_c_kind STATIC)
endif()
add_library(northstar_c ${_ns_c_kind}
  src/c_api/status.cpp
  src/c_api/closed_form.cpp
  src/c_api/sbg.cpp
  src/c_api/bg_bb.cpp
  src/c_api/bg_nbd.cpp
  src/c_api/mbg_nbd.cpp
  src/c_api/pareto_nbd.cpp
  src/c_api/gamma_gamma.cpp
  src/c_api/summary.cpp
  src/c_api/okr_json.cpp
)
add_library(northstar::c ALIAS northstar_c)
set_target_properties(northstar_c PROPERTIES
  EXPORT_NAME c
  OUTPUT_NAME northstar_c
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
  C_VISIBILITY_PRESET hidden
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_include_directories(northstar_c PUBLIC
  $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_definitions(northstar_c PRIVATE NORTHSTAR_C_BUILDING)
if(NOT NORTHSTAR_C_SHARED)
  target_compile_definitions(northstar_c PUBLIC NORTHSTAR_C_STATIC)
endif()
target_link_libraries(northstar_c PRIVATE northstar::northstar)
if(BUILD_SHARED_LIBS AND NORTHSTAR_C_SHARED)
  # libnorthstar_c.so then needs libnorthstar.so: find it beside itself once installed.
  set_target_properties(northstar_c PROPERTIES INSTALL_RPATH "$ORIGIN")
endif()
northstar_set_warnings(northstar_c)
if(NORTHSTAR_C_SHARED AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" AND NOT APPLE AND NOT WIN32)
  set(_ns_c_map ${CMAKE_CURRENT_SOURCE_DIR}/src/c_api/northstar_c.map)
  target_link_options(northstar_c PRIVATE "LINKER:--version-script=${_ns_c_map}")
  set_property(TARGET northstar_c APPEND PROPERTY LINK_DEPENDS ${_ns_c_map})
endif()
