# Does with plain CMake what ports/northstar/portfile.cmake and
# conan/conanfile.py do: configure northstar with the same options (library
# only), build, install into a prefix, then build and run the consumer
# (tests/package/consumer, Conan's test_package) against the prefix with
# find_package, and the C example with pkg-config.
#   cmake -DSOURCE=<repo> -DWORK=<dir> -DSHARED=ON|OFF -DGENERATOR=<gen>
#         -DBUILD_TYPE=<cfg> -DCXX_FLAGS=... -DLINK_FLAGS=... -P port_build.cmake
foreach(v SOURCE WORK SHARED GENERATOR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "port_build.cmake: -D${v}=... is required")
  endif()
endforeach()
set(build ${WORK}/build)
set(prefix ${WORK}/prefix)
file(REMOVE_RECURSE ${WORK})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(rc)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}")
  endif()
endfunction()

# The options the port and the recipe pass (keep the three in sync).
set(port_options
  -DNORTHSTAR_BUILD_TESTS=OFF -DNORTHSTAR_BUILD_BENCH=OFF -DNORTHSTAR_BUILD_EXAMPLES=OFF
  -DNORTHSTAR_BUILD_PYTHON=OFF -DNORTHSTAR_INSTALL=ON -DNORTHSTAR_BUILD_C_API=ON
  -DBUILD_SHARED_LIBS=${SHARED} -DNORTHSTAR_C_SHARED=${SHARED})
run(${CMAKE_COMMAND} -S ${SOURCE} -B ${build} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_C_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}"
    "-DCMAKE_SHARED_LINKER_FLAGS=${LINK_FLAGS}" ${port_options})
run(${CMAKE_COMMAND} --build ${build} -j 2)
run(${CMAKE_COMMAND} --install ${build} --prefix ${prefix})

# The installed files the port's usage text and the recipe's package_info promise.
include(GNUInstallDirs)
foreach(f include/northstar/northstar.hpp include/northstar/northstar.h
          ${CMAKE_INSTALL_LIBDIR}/cmake/northstar/northstarConfig.cmake
          ${CMAKE_INSTALL_LIBDIR}/pkgconfig/northstar.pc ${CMAKE_INSTALL_LIBDIR}/pkgconfig/northstar_c.pc)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
if(SHARED)
  set(libs libnorthstar.so libnorthstar_c.so)
else()
  set(libs libnorthstar.a libnorthstar_c.a)
endif()
foreach(l ${libs})
  if(NOT EXISTS ${prefix}/${CMAKE_INSTALL_LIBDIR}/${l})
    message(FATAL_ERROR "SHARED=${SHARED} but ${l} is not installed")
  endif()
endforeach()
if(SHARED AND NOT APPLE AND NOT WIN32)  # hidden visibility: only the public C++ API is exported
  find_program(NM NAMES nm REQUIRED)
  run(${CMAKE_COMMAND} -DNM=${NM} -DLIB=${prefix}/${CMAKE_INSTALL_LIBDIR}/libnorthstar.so
      -P ${SOURCE}/tests/package/check_cxx_exports.cmake)
endif()

# find_package consumer (C++ and C).
run(${CMAKE_CTEST_COMMAND} --build-and-test ${SOURCE}/tests/package/consumer ${WORK}/consumer
    --build-generator ${GENERATOR}
    --build-options -DNORTHSTAR_CONSUMER_MODE=find_package -DNORTHSTAR_CONSUMER_REQUIRE_C=ON -DNORTHSTAR_CONSUMER_REQUIRE_HEADERS=ON
      -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
      "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_C_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}"
    --test-command ${CMAKE_CTEST_COMMAND} --output-on-failure)

# pkg-config: the C consumer compiled by hand from northstar_c.pc's flags.
find_program(PKG_CONFIG NAMES pkgconf pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/${CMAKE_INSTALL_LIBDIR}/pkgconfig)
set(static_flag "")
if(NOT SHARED)
  set(static_flag --static)
endif()
foreach(pc northstar northstar_c)
  execute_process(COMMAND ${PKG_CONFIG} --modversion ${pc} OUTPUT_VARIABLE v OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "pkg-config cannot read ${pc}.pc")
  endif()
  message(STATUS "pkg-config ${pc}: ${v}")
endforeach()
execute_process(COMMAND ${PKG_CONFIG} ${static_flag} --cflags --libs northstar_c OUTPUT_VARIABLE flags
                OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(extra UNIX_COMMAND "${CXX_FLAGS} ${LINK_FLAGS}")
run(cc -std=c99 ${extra} ${SOURCE}/tests/package/consumer/c_main.c ${flags}
    -Wl,-rpath,${prefix}/${CMAKE_INSTALL_LIBDIR} -o ${WORK}/c_pkgconfig)
run(${WORK}/c_pkgconfig)
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs northstar OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(c++ ${extra} ${SOURCE}/tests/package/consumer/main.cpp ${flags}
    -Wl,-rpath,${prefix}/${CMAKE_INSTALL_LIBDIR} -o ${WORK}/cxx_pkgconfig)
run(${WORK}/cxx_pkgconfig)
message(STATUS "port build SHARED=${SHARED}: installed, find_package and pkg-config consumers pass")
