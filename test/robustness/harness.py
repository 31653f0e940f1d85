#!/usr/bin/env python3
"""Differential robustness harness: a real code base's own test suite, built and run without
and with the mlflow-cpp plugin (its name filter on the code base's namespace), compared.

    test/robustness/harness.py [options] RECIPE...
    test/robustness/harness.py --fetch-only RECIPE...

RECIPE is a file in test/robustness/recipes/ (by path, or by name: `ms-gsl`). Each recipe says
where the sources come from (a Debian source package, by name and version, checked by sha256),
how to configure, build and test it, and the name filter. The sources are fetched once into
${MLFLOW_CPP_CACHE:-~/.cache/mlflow-cpp}/robustness/<name>-<version>/ and only read from there.

For every recipe, two builds from the same sources and the same flags (the runtime's include
directories and library in both), the second with
`-fplugin=<plugin> -fplugin-arg-mlflow-include=<regex>`; then the suite's tests in each (ctest,
with GTEST_OUTPUT so GoogleTest programs report every test case). The run fails on any
difference: a test or test case whose result differs, a compiler diagnostic (warning or error)
or failed target that only the plugin build has, a compiler crash. The plugin build runs with
MLFLOW_PLUGIN_DEBUG=1, which only prints `mlflow plugin: traced <function>` per instrumented
function: the count in the summary.

Results: <work>/<name>/results.json and results.md, and a summary table on stdout
(<work>/summary.md for all recipes). Logs and builds stay in <work>/<name>/.
Exit status: 0 all identical; 1 a difference; 2 a setup problem (e.g. the sources could not be
fetched: that is a failure, never a skip).

See test/robustness/NOTES.md for the runs made and what they found.
"""

import argparse
import collections
import contextlib
import fcntl
import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
RECIPES = HERE / "recipes"

DIAG_RE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<kind>warning|error|fatal error): (?P<msg>.*)$")
CRASH_RE = re.compile(r"PLEASE submit a bug report|Stack dump:|clang frontend command failed|"
                      r"clang\+\+(-19)?: error: unable to execute command")
DRIVER_DIAG_RE = re.compile(r"^(?:(?P<tool>clang\S*|\S*ld(?:\.\S+)?): )?(?P<kind>warning|error|fatal error): (?P<msg>.*)$")
TRACED_RE = re.compile(r"^mlflow plugin: traced (.*) \(([A-Z_]+)\)$")
REMARK_RE = re.compile(r"^(?:[^\s:][^:]*:\d+:\d+: )?remark: (?P<msg>mlflow plugin: .*)$")


class SetupError(Exception):
    pass


def log(msg):
    print(f"harness: {msg}", flush=True)


def cache_root():
    base = os.environ.get("MLFLOW_CPP_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "mlflow-cpp")
    return Path(base) / "robustness"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_recipe(arg):
    path = Path(arg)
    if not path.is_file():
        path = RECIPES / f"{arg}.toml"
    if not path.is_file():
        raise SetupError(f"no recipe {arg} (recipes: {', '.join(sorted(p.stem for p in RECIPES.glob('*.toml')))})")
    with open(path, "rb") as f:
        recipe = tomllib.load(f)
    for key in ("name", "version", "source", "build", "include"):
        if key not in recipe:
            raise SetupError(f"{path}: no '{key}'")
    recipe["_path"] = str(path)
    return recipe


# --- sources ------------------------------------------------------------------------------------
# Debian source packages through apt-get itself, with a private configuration: deb-src entries
# made from the machine's own deb entries (the same mirrors), lists and downloads under the cache.
# Nothing in /etc/apt or /var/lib/apt is changed.

def private_apt(root):
    root.mkdir(parents=True, exist_ok=True)
    parts = root / "sources.list.d"
    parts.mkdir(exist_ok=True)
    for sub in ("lists/partial", "cache/archives/partial"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    found = False
    for src in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        text = Path(src).read_text()
        text = re.sub(r"^Types:.*$", "Types: deb-src", text, flags=re.M)
        (parts / Path(src).name).write_text(text)
        found = True
    if os.path.exists("/etc/apt/sources.list"):
        lines = [re.sub(r"^deb\s", "deb-src ", l) for l in Path("/etc/apt/sources.list").read_text().splitlines()
                 if re.match(r"^deb\s", l)]
        if lines:
            (parts / "from-sources-list.list").write_text("\n".join(lines) + "\n")
            found = True
    if not found:
        raise SetupError("no Debian package sources configured in /etc/apt: cannot fetch source packages")
    return ["-o", "Dir::Etc::SourceList=/dev/null", "-o", f"Dir::Etc::SourceParts={parts}",
            "-o", f"Dir::State::Lists={root / 'lists'}", "-o", f"Dir::Cache={root / 'cache'}",
            "-o", "Debug::NoLocking=1", *(["-o", "APT::Sandbox::User=root"] if os.geteuid() == 0 else [])]


def source_dir(recipe):
    return cache_root() / f"{recipe['name']}-{recipe['version']}"


def fetch(recipe):
    """The recipe's sources, unpacked (and patched as the package does) in the cache."""
    dest = source_dir(recipe)
    src = recipe["source"]
    stamp = f"{src['package']}={src['version']} {src['sha256']}"
    if (dest / ".fetched").is_file() and (dest / ".fetched").read_text().strip() == stamp:
        return dest / "src"
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (dest / ".fetched").is_file() and (dest / ".fetched").read_text().strip() == stamp:
            return dest / "src"
        if shutil.which("apt-get") is None or shutil.which("dpkg-source") is None:
            raise SetupError("apt-get and dpkg-source are needed to fetch Debian source packages")
        opts = private_apt(root / "apt")
        tmp = Path(f"{dest}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        spec = f"{src['package']}={src['version']}"
        log(f"fetching the Debian source package {spec} into {dest}")

        def run(cmd, **kw):
            r = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)
            if r.returncode != 0:
                raise SetupError(f"{shlex.join(cmd)} failed ({r.returncode}):\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
            return r

        try:
            unpack(src, spec, opts, tmp, run)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
        (dest / ".fetched").write_text(stamp + "\n")
    return dest / "src"


def unpack(src, spec, opts, tmp, run):
    # The lists are refreshed when they are missing or when the version is not in them.
    get = ["apt-get", "-q", *opts, "source", "--download-only", spec]
    r = subprocess.run(get, capture_output=True, text=True, cwd=tmp, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        run(["apt-get", "-qq", *opts, "update"])
        run(get, cwd=tmp)
    orig = src["orig"]
    if not (tmp / orig).is_file():
        raise SetupError(f"{spec} has no {orig}: {sorted(os.listdir(tmp))}")
    got = sha256(tmp / orig)
    if got != src["sha256"]:
        raise SetupError(f"{orig}: sha256 {got}, the recipe says {src['sha256']}")
    dsc = next(tmp.glob("*.dsc"))
    run(["dpkg-source", "--no-check", "-x", dsc.name, "src"], cwd=tmp)


# --- builds ------------------------------------------------------------------------------------

def tool_paths(args):
    build = Path(args.mlflow_build) if args.mlflow_build else REPO / "build"
    plugin = Path(args.plugin) if args.plugin else build / "lib" / "mlflow-plugin.so"
    runtime = Path(args.runtime) if args.runtime else build / "runtime" / "libmlflow-cpp.so"
    for p in (plugin, runtime):
        if not p.is_file():
            raise SetupError(f"{p} does not exist: build mlflow-cpp first, or pass --mlflow-build/--plugin/--runtime")
    return plugin.resolve(), runtime.resolve()


def subset_of(recipe, name):
    if not name:
        return {}
    subsets = recipe.get("subset", {})
    if name not in subsets:
        raise SetupError(f"{recipe['name']} has no subset '{name}' (has: {', '.join(subsets) or 'none'})")
    return subsets[name]


def build(variant, recipe, sub, src, work, plugin, runtime, args):
    b = recipe["build"]
    bdir = work / f"build-{variant}"
    shutil.rmtree(bdir, ignore_errors=True)
    # -I as pkg-config's Cflags give them; -isystem as CMake gives an imported target's (the
    # installed mlflow-cpp::runtime): then warnings in mlflow-cpp's headers are not shown.
    opt = "-isystem" if args.runtime_includes == "isystem" else "-I"
    msrc = mlflow_source(plugin)
    inc = [f"{opt}{msrc / 'runtime' / 'include'}", f"{opt}{msrc / 'attributes' / 'include'}"]
    flags = list(b.get("cxxflags", [])) + inc
    if variant == "plugin":
        flags += [f"-fplugin={plugin}", f"-fplugin-arg-mlflow-include={recipe['include']}"]
        flags += [f"-fplugin-arg-mlflow-exclude={x}" for x in recipe.get("exclude", [])]
    lnk = f"-L{runtime.parent} -l:{runtime.name} -Wl,-rpath,{runtime.parent}"
    cxx_std = sub.get("cxx_std", b.get("cxx_std"))
    cfg = ["cmake", "-S", str(src / b.get("subdir", ".")), "-B", str(bdir), "-G", "Ninja",
           f"-DCMAKE_BUILD_TYPE={b.get('build_type', 'Release')}",
           f"-DCMAKE_CXX_FLAGS={' '.join(flags)}",
           f"-DCMAKE_EXE_LINKER_FLAGS={lnk}", f"-DCMAKE_SHARED_LINKER_FLAGS={lnk}",
           *([f"-DCMAKE_CXX_STANDARD={cxx_std}"] if cxx_std else []),
           *b.get("configure", [])]
    force = sub.get("force_std", b.get("force_std"))
    if force:
        # For a project that sets CMAKE_CXX_STANDARD itself: after its project() call, the
        # flags CMake uses for C++98/11/14 become those of this standard.
        inc_file = work / f"force-std-{force}.cmake"
        inc_file.write_text("".join(
            f"set(CMAKE_CXX{v}_STANDARD_COMPILE_OPTION -std=c++{force})\n"
            f"set(CMAKE_CXX{v}_EXTENSION_COMPILE_OPTION -std=gnu++{force})\n" for v in (98, 11, 14)))
        cfg.append(f"-DCMAKE_PROJECT_INCLUDE={inc_file}")
    env = dict(os.environ, CC=args.cc, CXX=args.cxx)
    env.pop("MLFLOW_PLUGIN_DEBUG", None)
    env.pop("CXXFLAGS", None)
    t0 = time.monotonic()
    with open(work / f"{variant}-configure.log", "w") as out:
        out.write(shlex.join(cfg) + "\n")
        out.flush()
        rc = subprocess.run(cfg, stdout=out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL).returncode
    t_cfg = time.monotonic() - t0
    res = {"configure_s": round(t_cfg, 1), "configure_ok": rc == 0, "build_s": None, "build_ok": False,
           "failed_targets": [], "diagnostics": [], "remarks": [], "crash": False, "traced": []}
    if rc != 0:
        log(f"[{recipe['name']}/{variant}] configure failed: {work / (variant + '-configure.log')}")
        return res
    if variant == "plugin":
        env["MLFLOW_PLUGIN_DEBUG"] = "1"  # prints one line per instrumented function, nothing else
    targets = sub.get("targets", b.get("targets", []))
    cmd = ["ninja", "-C", str(bdir), f"-j{args.jobs}", "-k", "0", *targets]
    t0 = time.monotonic()
    with open(work / f"{variant}-build.log", "w") as out:
        out.write(shlex.join(cmd) + "\n")
        out.flush()
        rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL).returncode
    res["build_s"] = round(time.monotonic() - t0, 1)
    res["build_ok"] = rc == 0
    text = (work / f"{variant}-build.log").read_text(errors="replace")
    for line in text.splitlines():
        if line.startswith("FAILED: "):
            res["failed_targets"].append(line[len("FAILED: "):].strip())
        m = DIAG_RE.match(line)
        if m:
            res["diagnostics"].append({"file": normalize(m["file"], bdir), "line": int(m["line"]),
                                       "kind": m["kind"], "msg": m["msg"].strip()})
        elif (m := DRIVER_DIAG_RE.match(line)):
            res["diagnostics"].append({"file": m["tool"] or "", "line": 0, "kind": m["kind"], "msg": m["msg"].strip()})
        elif (m := REMARK_RE.match(line)):
            # The plugin's remarks (e.g. below C++17 a name filter adds nothing) say what it did
            # not do; they are counted, not compared: a file that gets one compiles as without
            # the plugin (any warning or error it adds is still a difference).
            res["remarks"].append(m["msg"].strip())
        elif "mlflow plugin:" in line and not line.startswith("mlflow plugin: traced "):
            res["diagnostics"].append({"file": "", "line": 0, "kind": "plugin", "msg": line.strip()})
        t = TRACED_RE.match(line)
        if t:
            res["traced"].append(t[1])
        if CRASH_RE.search(line):
            res["crash"] = True
    log(f"[{recipe['name']}/{variant}] build {'ok' if res['build_ok'] else 'FAILED'} in {res['build_s']} s, "
        f"{len(res['diagnostics'])} diagnostic(s), {len(res['failed_targets'])} failed target(s)"
        + (f", {len(res['remarks'])} plugin remark(s)" if res["remarks"] else ""))
    return res


def normalize(path, bdir):
    return str(path).replace(str(bdir), "<build>")


# --- tests -------------------------------------------------------------------------------------

def run_tests(variant, recipe, sub, work, args):
    bdir = work / f"build-{variant}"
    traces = work / f"traces-{variant}"
    gtest = work / f"gtest-{variant}"
    for d in (traces, gtest):
        shutil.rmtree(d, ignore_errors=True)
    gtest.mkdir()
    junit = work / f"{variant}-ctest.xml"
    t = recipe.get("test", {})
    cmd = ["ctest", "--test-dir", str(bdir), f"-j{args.jobs}", "--timeout", str(t.get("timeout", 600)),
           "--output-on-failure", "--output-junit", str(junit), *t.get("ctest_args", []),
           *sub.get("ctest_args", [])]
    # The runtime's export queue is made large enough that no trace is dropped: when the export
    # thread falls behind (a loaded machine, thousands of traces a second), the runtime drops
    # traces and says so once on stderr ("the export queue is full"), and a test that compares
    # a program's stderr with a reference (doctest's) then fails for the load, not the plugin.
    env = dict(os.environ, MLFLOW_CPP_TRACE_DIR=str(traces), GTEST_OUTPUT=f"xml:{gtest}/",
               MLFLOW_ASYNC_TRACE_LOGGING_MAX_QUEUE_SIZE="1000000",
               MLFLOW_CPP_EXPORT_QUEUE_MAX_BYTES=str(2 << 30))
    for k, v in t.get("env", {}).items():
        env[k] = v
    t0 = time.monotonic()
    with open(work / f"{variant}-ctest.log", "w") as out:
        out.write(shlex.join(cmd) + "\n")
        out.flush()
        subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL,
                       timeout=t.get("total_timeout", 7200))
    elapsed = time.monotonic() - t0
    results = {}
    test_time = 0.0
    if junit.is_file():
        for case in ET.parse(junit).getroot().iter("testcase"):
            status = case.get("status") or ("fail" if case.find("failure") is not None else "run")
            results[f"ctest:{case.get('name')}"] = status
            test_time += float(case.get("time") or 0)
    for xml in sorted(gtest.glob("*.xml")):
        try:
            root = ET.parse(xml).getroot()
        except ET.ParseError:
            results[f"gtest:{xml.stem}:<unreadable xml>"] = "fail"
            continue
        for case in root.iter("testcase"):
            if case.find("failure") is not None:
                status = "fail"
            elif case.get("result") == "skipped" or case.find("skipped") is not None:
                status = "skipped"
            elif case.get("status") == "notrun":
                status = "disabled"
            else:
                status = "pass"
            results[f"gtest:{xml.stem}:{case.get('classname')}.{case.get('name')}"] = status
    tfile = traces / "traces.jsonl"
    n_traces = sum(1 for _ in open(tfile, "rb")) if tfile.is_file() else 0
    size = tfile.stat().st_size if tfile.is_file() else 0
    log(f"[{recipe['name']}/{variant}] {len(results)} results in {elapsed:.1f} s; {n_traces} traces")
    return {"ctest_s": round(elapsed, 1), "tests_s": round(test_time, 1), "results": results,
            "traces": n_traces, "trace_bytes": size}


# --- comparison ---------------------------------------------------------------------------------

def diag_key(d):
    return (d["file"], d["line"], d["kind"], d["msg"])


def compare(base, plug):
    problems = []
    bdiag = collections.Counter(diag_key(d) for d in base["diagnostics"])
    pdiag = collections.Counter(diag_key(d) for d in plug["diagnostics"])
    new = pdiag - bdiag
    for (f, l, k, m), n in sorted(new.items()):
        problems.append(f"new {k}: {f}:{l}: {m}" + (f" (x{n})" if n > 1 else ""))
    gone = bdiag - pdiag
    for (f, l, k, m), n in sorted(gone.items()):
        problems.append(f"{k} only without the plugin: {f}:{l}: {m}")
    if plug["crash"]:
        problems.append("compiler crash in the plugin build")
    bfail = set(map(lambda s: normalize(s, ""), base["failed_targets"]))
    for t in plug["failed_targets"]:
        if t not in bfail:
            problems.append(f"target fails only with the plugin: {t}")
    if base.get("build_ok") and not plug.get("build_ok"):
        problems.append("the build fails only with the plugin")
    br, pr = base.get("results", {}), plug.get("results", {})
    diffs = []
    for key in sorted(set(br) | set(pr)):
        a, b = br.get(key, "missing"), pr.get(key, "missing")
        if a != b:
            diffs.append((key, a, b))
            problems.append(f"test {key}: {a} without the plugin, {b} with it")
    return problems, diffs


def fmt_s(v):
    if v is None:
        return "-"
    return f"{v:.0f} s" if v >= 10 else f"{v:.1f} s"


def run_recipe(recipe, args, plugin, runtime):
    name = recipe["name"] + (f"-{args.subset}" if args.subset else "")
    work = Path(args.work) / name
    work.mkdir(parents=True, exist_ok=True)
    sub = subset_of(recipe, args.subset)
    src = fetch(recipe)
    log(f"[{name}] sources {src}, work {work}")
    out = {"name": recipe["name"], "version": recipe["version"], "subset": args.subset or None,
           "source": recipe["source"], "upstream": recipe.get("upstream", ""), "include": recipe["include"],
           "mlflow_commit": git_rev(plugin), "plugin": str(plugin), "runtime": str(runtime),
           "runtime_includes": f"-{args.runtime_includes}"}
    for variant in ("baseline", "plugin"):
        res = build(variant, recipe, sub, src, work, plugin, runtime, args)
        if res["configure_ok"]:
            res.update(run_tests(variant, recipe, sub, work, args))
        out[variant] = res
    base, plug = out["baseline"], out["plugin"]
    problems, diffs = compare(base, plug)
    if not base.get("results"):
        problems.append("the baseline ran no test: nothing was compared")
    traced = plug["traced"]
    counts = collections.Counter(v for v in base.get("results", {}).values())
    summary = {
        "tests_compared": len(set(base.get("results", {})) | set(plug.get("results", {}))),
        "ctest_tests": sum(1 for k in base.get("results", {}) if k.startswith("ctest:")),
        "test_cases": sum(1 for k in base.get("results", {}) if k.startswith("gtest:")),
        "baseline_statuses": dict(counts),
        "identical": not problems,
        "problems": problems,
        "functions_traced": len(traced),
        "distinct_functions_traced": len(set(traced)),
        "plugin_remarks": len(plug["remarks"]),
        "distinct_plugin_remarks": sorted(set(plug["remarks"])),
        "baseline_diagnostics": len(base["diagnostics"]),
        "plugin_diagnostics": len(plug["diagnostics"]),
        "build_s": [base["build_s"], plug["build_s"]],
        "ctest_s": [base.get("ctest_s"), plug.get("ctest_s")],
        "traces": plug.get("traces", 0), "trace_bytes": plug.get("trace_bytes", 0),
    }
    out["summary"] = summary
    for variant in ("baseline", "plugin"):
        out[variant]["traced"] = len(out[variant]["traced"])  # the list is in the build log
        out[variant]["remarks"] = len(out[variant]["remarks"])
    (work / "results.json").write_text(json.dumps(out, indent=1) + "\n")
    row = (f"| {name} {recipe['version']} | {summary['ctest_tests']} + {summary['test_cases']} "
           f"| {'**identical**' if summary['identical'] else '**DIFFERENT**'} "
           f"| {summary['functions_traced']} ({summary['distinct_functions_traced']} distinct) "
           f"| {fmt_s(base['build_s'])} / {fmt_s(plug['build_s'])} "
           f"| {fmt_s(base.get('ctest_s'))} / {fmt_s(plug.get('ctest_s'))} "
           f"| {summary['baseline_diagnostics']} / {summary['plugin_diagnostics']} "
           f"| {summary['traces']} ({summary['trace_bytes'] / 1e6:.1f} MB) |")
    md = [f"# {name} {recipe['version']}: without / with the plugin", "",
          f"Recipe {recipe['_path']}; source package {recipe['source']['package']}={recipe['source']['version']} "
          f"({recipe['source']['orig']} sha256 {recipe['source']['sha256']}); upstream {recipe.get('upstream', '?')}; "
          f"filter `{recipe['include']}`; mlflow-cpp {out['mlflow_commit']}; its headers with "
          f"`-{args.runtime_includes}`.", "", HEADER, SEP, row, ""]
    if summary["plugin_remarks"]:
        md += [f"The plugin's remarks (not differences): {summary['plugin_remarks']}, "
               + "; ".join(f"`{r}`" for r in summary["distinct_plugin_remarks"]), ""]
    if diffs:
        md += ["## Results that differ", ""] + [f"- `{k}`: {a} -> {b}" for k, a, b in diffs] + [""]
    if problems:
        md += ["## Problems", ""] + [f"- {p}" for p in problems[:200]] + [""]
    (work / "results.md").write_text("\n".join(md))
    for p in problems[:50]:
        log(f"[{name}] DIFFERENCE: {p}")
    return summary["identical"], row


HEADER = ("| code base | tests compared (ctest + test cases) | result | functions instrumented "
          "| build without / with | tests without / with | compiler diagnostics without / with "
          "| traces written |")
SEP = "|---|---|---|---|---|---|---|---|"


def mlflow_source(plugin):
    """The source tree the plugin was built from (its build's CMAKE_HOME_DIRECTORY), so that
    the runtime's headers match the plugin and the runtime library; this repository otherwise."""
    cache = plugin.parent.parent / "CMakeCache.txt"
    if cache.is_file():
        m = re.search(r"^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$", cache.read_text(errors="replace"), re.M)
        if m and (Path(m[1]) / "runtime" / "include").is_dir():
            return Path(m[1])
    return REPO


def git_rev(plugin):
    """The commit the plugin was built from (with local changes in plugin/ or runtime/ said),
    or a .commit file in its source tree (a copy made with git archive)."""
    src = mlflow_source(plugin)
    if (src / ".commit").is_file():
        return f"{(src / '.commit').read_text().strip()} (copy in {src})"
    try:
        rev = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(src), "diff", "--quiet", "HEAD", "--", "plugin", "runtime"]).returncode
        return (rev or "?") + (" (plugin/runtime with local changes)" if dirty else "")
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recipes", nargs="+")
    ap.add_argument("--work", default="/tmp/mlflow-robustness", help="builds, logs and results (default %(default)s)")
    ap.add_argument("--subset", help="a [subset.NAME] of the recipes (e.g. fast)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", 2)))
    ap.add_argument("--mlflow-build", help="a build of this repository (default: <repo>/build)")
    ap.add_argument("--plugin", help="mlflow-plugin.so (default: <mlflow-build>/lib/mlflow-plugin.so)")
    ap.add_argument("--runtime", help="libmlflow-cpp.so (default: <mlflow-build>/runtime/libmlflow-cpp.so)")
    ap.add_argument("--runtime-includes", choices=["I", "isystem"], default="I",
                    help="how both builds get mlflow-cpp's include directories: -I (default, as "
                         "pkg-config gives them) or -isystem (as CMake gives an imported target's)")
    ap.add_argument("--cc", default="clang-19")
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("--fetch-only", action="store_true", help="only fetch the sources into the cache")
    args = ap.parse_args()
    # A SIGTERM (ctest's timeout) unwinds: subprocess.run then kills the build or test it waits for.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        recipes = [load_recipe(r) for r in args.recipes]
        if args.fetch_only:
            for r in recipes:
                print(fetch(r))
            return 0
        plugin, runtime = tool_paths(args)
        rows, ok = [], True
        for r in recipes:
            same, row = run_recipe(r, args, plugin, runtime)
            ok &= same
            rows.append(row)
    except SetupError as e:
        print(f"harness: error: {e}", file=sys.stderr)
        return 2
    table = "\n".join([HEADER, SEP, *rows])
    Path(args.work).mkdir(parents=True, exist_ok=True)
    (Path(args.work) / "summary.md").write_text(table + "\n")
    print(table)
    print(f"harness: {'all identical' if ok else 'DIFFERENCES found'} (details: {args.work}/*/results.md)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
