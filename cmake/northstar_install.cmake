# Install rules: headers, the library, and a CMake package config so that
# find_package(northstar CONFIG REQUIRED) gives northstar::northstar.
include(CMakePackageConfigHelpers)

install(DIRECTORY include/northstar DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS northstar EXPORT northstarTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(NORTHSTAR_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/northstar)
install(EXPORT northstarTargets NAMESPACE northstar:: DESTINATION ${NORTHSTAR_CMAKE_DIR})
configure_package_config_file(cmake/northstarConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/northstarConfig.cmake
  INSTALL_DESTINATION ${NORTHSTAR_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/northstarConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/northstarConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/northstarConfigVersion.cmake
  DESTINATION ${NORTHSTAR_CMAKE_DIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/northstar)
