#!/usr/bin/env python3
"""Runs the lit suite for ctest, and fails unless every test ran and passed.

lit itself exits 0 when tests are UNSUPPORTED (a REQUIRES: that is not met) or SKIPPED, so a
suite whose tools went missing could pass having tested nothing. This driver runs lit, prints
its output, and then fails if lit failed, if any test was unsupported, skipped or excluded, or if
no test passed. Expected failures (XFAIL) are allowed: they are written down in the test.

Usage: run_lit.py --lit <path/to/lit.py> <build>/test/lit [extra lit arguments...]
"""
import argparse
import os
import re
import subprocess
import sys

# lit's summary lines, e.g. "  Passed     : 12 (92.31%)".
SUMMARY = re.compile(r"^\s+([A-Z][A-Za-z ]*?)\s*:\s*(\d+)\b", re.MULTILINE)
NOT_RUN = ["Unsupported", "Skipped", "Excluded"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lit", required=True, help="lit.py")
    parser.add_argument("suite", help="the configured suite directory (<build>/test/lit)")
    parser.add_argument("lit_args", nargs=argparse.REMAINDER, help="more arguments for lit")
    args = parser.parse_args()

    if not os.path.isfile(args.lit):
        print(
            "run_lit.py: lit not found at '%s' (Debian: apt install llvm-19-tools; or configure "
            "with -DMLFLOW_CPP_LIT_PY=<path to lit.py>)" % args.lit
        )
        return 1

    command = [sys.executable, args.lit, "-sv", "--no-progress-bar", "--show-unsupported",
               "--show-skipped", "--show-excluded", "--show-xfail", args.suite] + args.lit_args
    print("run_lit.py: " + " ".join(command), flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    sys.stdout.write(result.stdout)

    counts = {name: int(number) for name, number in SUMMARY.findall(result.stdout)}
    problems = []
    if result.returncode != 0:
        problems.append("lit exited with status %d" % result.returncode)
    for category in NOT_RUN:
        if counts.get(category, 0):
            problems.append("%d test(s) %s: each test must run" % (counts[category],
                                                                  category.lower()))
    if counts.get("Passed", 0) == 0:
        problems.append("no test passed")
    if problems:
        print("run_lit.py: FAILED: " + "; ".join(problems))
        return 1
    print("run_lit.py: all %d test(s) passed" % counts["Passed"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
