#!/usr/bin/env python3
"""Loads each plugin into the clang of another major, and fails unless that is a clean error.

The plugin built for one clang major cannot work in another (it runs inside clang, against its
C++ ABI); clang must refuse it before it runs: exit status 1 with "error: unable to load plugin
'<path>'" (the dynamic loader finds symbols of the other release missing), and no crash (no
signal, no "Stack dump", no "PLEASE submit a bug report").

Usage: clang_mismatch.py <work dir> <clang++>=<plugin> <clang++>=<plugin> [...]
  each pair: a clang++ and the plugin built for it; every plugin is loaded into every other clang.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    work = sys.argv[1]
    pairs = [arg.split("=", 1) for arg in sys.argv[2:]]
    os.makedirs(work, exist_ok=True)
    source = os.path.join(work, "mismatch.cpp")
    with open(source, "w") as f:
        f.write("int main() { return 0; }\n")
    failures = 0
    for clangxx, _ in pairs:
        for other_clangxx, plugin in pairs:
            if other_clangxx == clangxx:
                continue
            for path in (clangxx, plugin):
                if not os.path.isfile(path):
                    print("FAIL: missing %s" % path)
                    return 1
            command = [clangxx, "-fplugin=" + plugin, "-c", source, "-o", os.path.join(work, "m.o")]
            result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    universal_newlines=True)
            text = result.stdout
            problems = []
            if result.returncode != 1:
                problems.append("exit status %d, not 1" % result.returncode)
            if "error: unable to load plugin '%s'" % plugin not in text:
                problems.append("no \"error: unable to load plugin '%s'\"" % plugin)
            for crash in ("Stack dump", "PLEASE submit a bug report", "Segmentation fault"):
                if crash in text:
                    problems.append("crash output (%s)" % crash)
            print("%s: %s" % ("FAIL" if problems else "ok", " ".join(command)))
            print("  " + text.strip().replace("\n", "\n  "))
            if problems:
                print("  problems: " + "; ".join(problems))
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
