#!/usr/bin/env python3
"""The plugin's compile-time cost on a real multi-file code base.

The code base is GoogleTest and GoogleMock as Debian ships their sources (/usr/src/googletest,
package googletest, which the test build needs anyway): 16 files of ordinary, template-heavy
C++ (googletest/src/*.cc and googlemock/src/*.cc without the *-all.cc amalgamations and the
*_main.cc files), compiled file by file with clang++-19 at -O0 and -O2, with and without the
plugin. With the plugin, every function whose qualified name matches --include (default
'^testing::', i.e. all of them: the worst case, where real code annotates a few) is traced
through the plugin's name filter, exactly as `-fplugin-arg-mlflow-include=` does for users.
(mlflow-cpp's own runtime was the code base before; the plugin never traces the runtime's
namespace now.) The two variants alternate (A B, B A, ...) and the child CPU time of every
compile is summed per variant; the ratio of the sums is reported.

A second measurement is the usual case: each file with one annotated function appended (an int
and a std::string captured), compiled with the plugin and no filter, against the same files
without the plugin ("one_annotated"): what tracing a few functions costs a file of a real code
base that does not include nlohmann/json.

    multi_file.py --plugin build/lib/mlflow-plugin.so --out /tmp/multi_file.json
"""

import argparse
import glob
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compile_time import REPO, BenchError, default_plugin, run  # noqa: E402

TRACED_RE = re.compile(r"^mlflow plugin: traced ", re.M)
MODES = {"O0": ["-O0", "-c"], "O2": ["-O2", "-c"]}
ONE_ANNOTATED = """
#include <mlflow/trace.h>
#include <string>
MLFLOW_TRACE(TOOL) int mlflow_cpp_bench_traced(int count, const std::string& text) {
  return count + static_cast<int>(text.size());
}
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plugin", default=default_plugin())
    ap.add_argument("--cxx", default=os.environ.get("CXX_BENCH", "clang++-19"))
    ap.add_argument("--googletest", default="/usr/src/googletest",
                    help="GoogleTest's source tree (googletest/ and googlemock/ under it)")
    ap.add_argument("--sources", nargs="+", help="default: GoogleTest's and GoogleMock's src/*.cc")
    ap.add_argument("--include", default="^testing::", help="the plugin's name filter")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--modes", default="O0,O2")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    if not args.plugin or not os.path.exists(args.plugin):
        print("multi_file.py: error: no plugin (--plugin)", file=sys.stderr)
        return 1
    gtest = os.path.join(args.googletest, "googletest")
    gmock = os.path.join(args.googletest, "googlemock")
    patterns = args.sources or [os.path.join(gtest, "src", "*.cc"), os.path.join(gmock, "src", "*.cc")]
    sources = sorted(f for pattern in patterns for f in glob.glob(pattern)
                     if not re.search(r"(-all|_main)\.cc$", f))
    if not sources:
        print(f"multi_file.py: error: no sources match {args.sources}", file=sys.stderr)
        return 1
    # mlflow-cpp's public headers as a library's (-isystem): the hooks the plugin injects live
    # there, and a filter never selects functions of system headers.
    base = [args.cxx, "-std=c++17", "-fPIC",
            "-isystem", os.path.join(REPO, "runtime", "include"),
            "-isystem", os.path.join(REPO, "attributes", "include"),
            "-I" + os.path.join(gtest, "include"), "-I" + gtest,
            "-I" + os.path.join(gmock, "include"), "-I" + gmock]
    plugin = ["-fplugin=" + args.plugin, "-fplugin-arg-mlflow-include=" + args.include]

    try:
        traced = 0
        for src in sources:
            _, _, err = run(base + plugin + ["-fplugin-arg-mlflow-debug", "-fsyntax-only", src])
            traced += len(TRACED_RE.findall(err))
        if traced == 0:
            raise BenchError("the plugin traced nothing: check --include")
        results = {"sources": len(sources), "traced_functions": traced, "include": args.include,
                   "modes": {}}
        # The same files, each with one annotated function at its end (in a scratch directory;
        # their own includes are found through the include paths).
        scratch = tempfile.mkdtemp(prefix="mlflow-cpp-multi-file-")
        annotated = []
        for src in sources:
            copy = os.path.join(scratch, os.path.basename(src))
            with open(src) as f, open(copy, "w") as out:
                out.write(f.read() + ONE_ANNOTATED)
            annotated.append(copy)

        def measure(mode, files, plugin_flags):
            cpu = {False: [], True: []}
            for r in range(args.rounds):
                for with_plugin in ((False, True) if r % 2 == 0 else (True, False)):
                    total = 0.0
                    for src in files:
                        cmd = base + (plugin_flags if with_plugin else []) + MODES[mode] + \
                            [src, "-o", os.devnull]
                        total += run(cmd)[1]
                    cpu[with_plugin].append(total)
                    print(f"{mode} round {r + 1} {'with' if with_plugin else 'without'}: "
                          f"{total:.2f} s CPU", file=sys.stderr)
            without, with_ = min(cpu[False]), min(cpu[True])
            return {"without_cpu_s": cpu[False], "with_cpu_s": cpu[True],
                    "ratio_of_best": round(with_ / without, 3)}

        results["one_annotated"] = {}
        for mode in args.modes.split(","):
            results["modes"][mode] = measure(mode, sources, plugin)
            results["one_annotated"][mode] = measure(mode, annotated, plugin[:1])
        shutil.rmtree(scratch, ignore_errors=True)
        results["date"] = time.strftime("%Y-%m-%d")
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
        print(json.dumps(results, indent=2))
        return 0
    except BenchError as e:
        print(f"multi_file.py: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
