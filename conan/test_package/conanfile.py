"""Conan test_package: builds and runs tests/package/consumer (the same
consumer northstar's own ctest package tests build) against the package."""
import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, cmake_layout


class NorthstarTestConan(ConanFile):
    settings = "os", "arch", "compiler", "build_type"
    generators = "CMakeDeps", "CMakeToolchain"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    def _consumer(self):
        return os.path.join(self.recipe_folder, "..", "..", "tests", "package", "consumer")

    def build(self):
        cmake = CMake(self)
        cmake.configure(build_script_folder=self._consumer(),
                        variables={"NORTHSTAR_CONSUMER_MODE": "find_package",
                                   "NORTHSTAR_CONSUMER_REQUIRE_C": "ON"})
        cmake.build()

    def test(self):
        if can_run(self):
            for exe in ("consumer", "c_consumer"):
                self.run(os.path.join(self.cpp.build.bindir, exe), env="conanrun")
