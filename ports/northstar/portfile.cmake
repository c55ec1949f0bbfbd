# vcpkg overlay port of northstar. The options below are the ones
# tests/package/port_build.cmake passes (ctest package.port_build_shared_*):
# keep the two in sync.
vcpkg_from_github(
  OUT_SOURCE_PATH SOURCE_PATH
  REPO northstar-analytics/northstar
  REF "v${VERSION}"
  SHA512 0  # set on a networked machine: vcpkg prints the real hash on first install
  HEAD_REF main
)

string(COMPARE EQUAL "${VCPKG_LIBRARY_LINKAGE}" "dynamic" NORTHSTAR_SHARED)

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DNORTHSTAR_BUILD_TESTS=OFF
    -DNORTHSTAR_BUILD_BENCH=OFF
    -DNORTHSTAR_BUILD_EXAMPLES=OFF
    -DNORTHSTAR_BUILD_PYTHON=OFF
    -DNORTHSTAR_INSTALL=ON
    -DNORTHSTAR_BUILD_C_API=ON
    -DNORTHSTAR_C_SHARED=${NORTHSTAR_SHARED}
    # BUILD_SHARED_LIBS is set by vcpkg_cmake_configure from VCPKG_LIBRARY_LINKAGE.
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(PACKAGE_NAME northstar CONFIG_PATH lib/cmake/northstar)
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
