# Install rules: headers, the library, and a CMake package config so that
# find_package(northstar CONFIG REQUIRED) gives northstar::northstar.
include(CMakePackageConfigHelpers)

install(DIRECTORY include/northstar DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS northstar EXPORT northstarTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET northstar_c)  # the C API: northstar::c
  install(TARGETS northstar_c EXPORT northstarTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

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

# pkg-config: northstar.pc (C++) and northstar_c.pc (C API), relocatable: the
# prefix is found from the .pc file's own place (${pcfiledir}), so a staged
# or moved install (cmake --install --prefix, vcpkg, Conan) stays correct.
file(RELATIVE_PATH NORTHSTAR_PC_UP "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(cmake/northstar.pc.in ${CMAKE_CURRENT_BINARY_DIR}/northstar.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/northstar.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(TARGET northstar_c)
  if(NORTHSTAR_C_SHARED)
    set(NORTHSTAR_C_PC_CFLAGS "")
    set(NORTHSTAR_C_PC_LIBS_PRIVATE "")
  else()
    set(NORTHSTAR_C_PC_CFLAGS " -DNORTHSTAR_C_STATIC")
    set(NORTHSTAR_C_PC_LIBS_PRIVATE "-lnorthstar -lstdc++ -lm -pthread")
  endif()
  configure_file(cmake/northstar_c.pc.in ${CMAKE_CURRENT_BINARY_DIR}/northstar_c.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/northstar_c.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
