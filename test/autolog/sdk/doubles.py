"""Building the SDK test doubles of test/autolog/sdk/ for the autolog tests.

The header-only doubles (openai-cpp, ollama-hpp) are compiled into the test program, with the
plugin, as the real headers would be; nlohmann 3.12.0 (the venv's nlohmann-json package, pinned
by tools/setup.sh) comes first on their include path, standing in for the copy those SDKs bundle.
The compiled ones (liboai, cpr) are built here into a shared library, without the plugin, as a
prebuilt SDK is, and linked into the program.
"""

import importlib.metadata
import pathlib
import subprocess

SDK = pathlib.Path(__file__).resolve().parent


def nlohmann_3_12_include():
    """The include directory of nlohmann 3.12.0's headers in the venv (not Debian's 3.11.2)."""
    include = pathlib.Path(str(importlib.metadata.distribution("nlohmann-json")
                               .locate_file("nlohmann_json/include")))
    assert (include / "nlohmann" / "json.hpp").is_file(), \
        f"no nlohmann/json.hpp under {include}: tools/setup.sh installs nlohmann-json in the venv"
    return include


def build_library(toolchain, name, out_dir):
    """lib<name>-double.so from sdk/<name>/src/*.cpp, compiled without the plugin; returns the link
    flags for a program that uses it."""
    sources = sorted((SDK / name / "src").glob("*.cpp"))
    library = pathlib.Path(out_dir) / f"lib{name}-double.so"
    cmd = [toolchain.clangxx, "-std=c++17", "-O1", "-fPIC", "-shared", *toolchain.cxxflags,
           f"-I{SDK / name / 'include'}", *map(str, sources), "-lcurl", "-o", str(library)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return [str(library), f"-Wl,-rpath,{library.parent}", "-lcurl"]


def include(name):
    return f"-I{SDK / name / 'include'}"
