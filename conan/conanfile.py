"""Conan 2 recipe of northstar: the C++20 library (northstar::northstar) and
the C API (northstar::c). The CMake options are the ones
tests/package/port_build.cmake passes (ctest package.port_build_shared_*):
keep the two in sync."""
import os
import re

from conan import ConanFile
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load

required_conan_version = ">=2.0"


class NorthstarConan(ConanFile):
    name = "northstar"
    description = "OKR scoring and customer lifetime value for product teams"
    license = "MIT"
    homepage = "https://github.com/northstar-analytics/northstar"
    url = "https://github.com/northstar-analytics/northstar"
    topics = ("clv", "okr", "analytics", "marketing")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {"shared": [True, False], "fPIC": [True, False]}
    default_options = {"shared": False, "fPIC": True}

    def _root(self):
        # The recipe lives in <repo>/conan; the sources are the repository.
        return os.path.join(self.recipe_folder, "..")

    def set_version(self):
        text = load(self, os.path.join(self._root(), "include", "northstar", "version.hpp"))
        parts = [re.search(r"#define NORTHSTAR_VERSION_%s (\d+)" % p, text).group(1)
                 for p in ("MAJOR", "MINOR", "PATCH")]
        self.version = ".".join(parts)

    def export_sources(self):
        root = self._root()
        for pattern in ("CMakeLists.txt", "LICENSE", "cmake/*", "include/*", "src/*"):
            copy(self, pattern, src=root, dst=self.export_sources_folder)

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        # Build-time dependencies only: header-only libraries used inside src/,
        # included by no installed header, so not usage requirements of the
        # package (visible=False: not propagated to consumers).
        self.requires("eigen/3.4.0", visible=False)
        self.requires("boost/1.83.0", visible=False)
        self.requires("lbfgspp/0.3.0", visible=False)
        self.requires("nlohmann_json/3.11.3", visible=False)

    def validate(self):
        from conan.tools.build import check_min_cppstd
        check_min_cppstd(self, 20)

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["NORTHSTAR_BUILD_TESTS"] = False
        tc.cache_variables["NORTHSTAR_BUILD_BENCH"] = False
        tc.cache_variables["NORTHSTAR_BUILD_EXAMPLES"] = False
        tc.cache_variables["NORTHSTAR_BUILD_PYTHON"] = False
        tc.cache_variables["NORTHSTAR_INSTALL"] = True
        tc.cache_variables["NORTHSTAR_BUILD_C_API"] = True
        tc.cache_variables["NORTHSTAR_C_SHARED"] = bool(self.options.shared)
        # BUILD_SHARED_LIBS comes from the `shared` option (CMakeToolchain).
        tc.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        CMake(self).install()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "northstar")
        self.cpp_info.set_property("pkg_config_name", "northstar_all")

        lib = self.cpp_info.components["northstar"]
        lib.set_property("cmake_target_name", "northstar::northstar")
        lib.set_property("pkg_config_name", "northstar")
        lib.libs = ["northstar"]
        # No requires: Eigen, Boost, LBFGS++ and nlohmann/json are private.
        if self.settings.os in ("Linux", "FreeBSD"):
            lib.system_libs = ["pthread", "m"]

        c = self.cpp_info.components["c"]
        c.set_property("cmake_target_name", "northstar::c")
        c.set_property("pkg_config_name", "northstar_c")
        c.libs = ["northstar_c"]
        c.requires = ["northstar"]
        if not self.options.shared:
            c.defines = ["NORTHSTAR_C_STATIC"]
