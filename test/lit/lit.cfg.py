# lit.cfg.py: the mlflow-cpp lit suite (test/lit/).
#
# Each test is one .cpp file whose `// RUN:` lines compile it as a user would, with these
# substitutions (paths come from this build's lit.site.cfg.py, written by CMake):
#
#   %clangxx     the clang++ the plugin is built for (clang++-19)
#   %gxx         g++, for checking that the public headers build without the plugin
#   %plugin      the built mlflow-plugin.so (use as -fplugin=%plugin)
#   %rtinc       -I flags for the runtime's and the attributes' public headers
#   %rtlib       the flags that link the runtime: libmlflow-cpp.so and an rpath to it; in a
#                sanitizer build (MLFLOW_CPP_SANITIZE) also the -fsanitize flags, so a program
#                compiled and linked in one command with %rtlib is built as the runtime is (a
#                sanitized library needs the sanitizer's runtime in the program)
#   %sanflags    those -fsanitize flags alone (empty in a normal build), for a step that builds
#                part of such a program without %rtlib
#   %mlflow_cpp  the mlflow-cpp command line tool
#
# FileCheck, not, count and split-file are on PATH (from the same LLVM). Any of these tools
# or built files missing stops the whole suite (lit exits with an error): a test must never pass,
# or be skipped, because something was not there. Run it on the build directory:
#
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv <build>/test/lit [--filter attribute]
#
# (ctest runs it as `lit`, through run_lit.py, which also fails on UNSUPPORTED tests.)
# Overrides for another clang and plugin build: --param clangxx=... --param plugin=...
# --param llvm_tools_dir=... --param sanflags=... --param exec_dir=... (ctest's lit_clang16 runs
# the suite with clang++-16 and the plugin built for it this way).
import os
import re
import subprocess

import lit.formats

config.name = "mlflow-cpp"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))

if not hasattr(config, "mlflow_plugin"):
    lit_config.fatal(
        "lit.site.cfg.py not loaded: run lit on the build directory (<build>/test/lit), "
        "which CMake configures, not on the source directory"
    )


def setting(param, default):
    return lit_config.params.get(param, default)


# Where the tests' outputs go: another run at the same time (ctest's lit_clang16) gives its own.
config.test_exec_root = setting("exec_dir", config.mlflow_lit_exec_dir)


llvm_tools_dir = setting("llvm_tools_dir", config.mlflow_llvm_tools_dir)
clangxx = setting("clangxx", config.mlflow_clangxx)
gxx = setting("gxx", config.mlflow_gxx)
plugin = os.path.abspath(setting("plugin", config.mlflow_plugin))
runtime_lib = os.path.abspath(setting("runtime_lib", config.mlflow_runtime_lib))
cli = os.path.abspath(setting("mlflow_cpp", config.mlflow_cli))
sanflags = setting("sanflags", config.mlflow_sanitize_flags).strip()

# --- Everything the tests need must be there ---------------------------------------------------
missing = []


def require(what, path, hint):
    if not path or path.endswith("-NOTFOUND") or not os.path.isfile(path):
        missing.append("%s (%s): %s" % (what, path or "not found", hint))
    return path


build_hint = "build it: cmake --build <build> --target mlflow_plugin mlflow_runtime mlflow_cpp_cli"
llvm_hint = "install the LLVM 19 tools (Debian: apt install clang-19 llvm-19-tools)"
require("clang++", clangxx, llvm_hint)
require("g++", gxx, "install g++ (Debian: apt install g++)")
for tool in ["FileCheck", "not", "count", "split-file"]:
    require(tool, os.path.join(llvm_tools_dir, tool), llvm_hint)
require("the plugin", plugin, build_hint)
require("the runtime library", runtime_lib, build_hint)
require("the mlflow-cpp tool", cli, build_hint)
for include_dir in config.mlflow_include_dirs:
    if not os.path.isdir(include_dir):
        missing.append("include directory %s: not found" % include_dir)
if missing:
    lit_config.fatal("the lit suite cannot run; missing:\n  " + "\n  ".join(missing))

# --- Features of the clang in use ---------------------------------------------------------------
# The suite runs with clang 19 (ctest `lit`) and clang 16 (ctest `lit_clang16`). A test that
# needs what Clang 16 lacks says so with `REQUIRES: <feature>`; run_lit.py accepts such a test
# being UNSUPPORTED only in a run given --allow-unsupported-for <feature>.
#   clang-<major>             the major version of %clangxx
#   scoped-plugin-attributes  Clang 17 on: Clang asks plugins about C++11 attributes
#                             (llvm-project D144405), so [[mlflow::trace(...)]] keeps its
#                             arguments, __has_cpp_attribute(mlflow::trace) is 1, and
#                             MLFLOW_TRACE(...) may follow a lambda's introducer. Clang 16
#                             skips the arguments (the plugin reports it) and the macros use the
#                             GNU spellings (plugin/support/ClangCompat.h).
#   std-c++23                 -std=c++23 is accepted (Clang 17 on; Clang 16 knows only c++2b)
#   ast-print-attributes-as-written  -ast-print prints an attribute where it was written, such as
#                             a parameter's before it (Clang 19 on; Clang 16 prints it after)
version_text = subprocess.run([clangxx, "--version"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True).stdout
version_match = re.search(r"clang version (\d+)\.", version_text)
if not version_match:
    lit_config.fatal("cannot tell the version of %s from: %s" % (clangxx, version_text.strip()))
clang_major = int(version_match.group(1))
config.available_features.add("clang-%d" % clang_major)
if clang_major >= 17:
    config.available_features.add("scoped-plugin-attributes")
    config.available_features.add("std-c++23")
if clang_major >= 19:
    config.available_features.add("ast-print-attributes-as-written")

# --- Substitutions and environment -------------------------------------------------------------
# (lit applies these before its own %s/%S/%p/%t, so %plugin is not read as %p + "lugin".)
config.substitutions.append(("%clangxx", clangxx))
config.substitutions.append(("%gxx", gxx))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(
    ("%rtinc", " ".join("-I" + include_dir for include_dir in config.mlflow_include_dirs))
)
config.substitutions.append(("%sanflags", sanflags))
config.substitutions.append(
    ("%rtlib", " ".join(filter(None, [sanflags, runtime_lib,
                                      "-Wl,-rpath," + os.path.dirname(runtime_lib)])))
)
config.substitutions.append(("%mlflow_cpp", cli))

config.environment["PATH"] = os.pathsep.join(
    [llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))]
)
# The plugin's debug switch would add output the tests do not expect.
config.environment.pop("MLFLOW_PLUGIN_DEBUG", None)
