#!/usr/bin/env python3
"""run_abi.py: the runtime's binary interface must not depend on the user's nlohmann/json.

  run_abi.py program --variant {json_diagnostics,nlohmann_3_12,default_nlohmann} ...
      Builds abi_program.cpp with clang++ 19 and the plugin, as a user would, against the built
      libmlflow-cpp.so (rpath, no LD_LIBRARY_PATH), with the variant's nlohmann:
        json_diagnostics  the system nlohmann with -DJSON_DIAGNOSTICS=1 (another inline ABI
                          namespace: nlohmann::json_abi_diag_v3_11_2)
        nlohmann_3_12     nlohmann 3.12.0's headers (PyPI's nlohmann-json, installed in the venv
                          by tools/setup.sh), found first on the include path
        default_nlohmann  the system nlohmann as it is: the control
      then runs it with MLFLOW_CPP_TRACE_DIR in a fresh directory and checks the one trace it
      writes against the values abi_program.cpp sets (EXPECTED_SPANS below).

  run_abi.py symbols --lib-dir DIR --headers DIR
      No libmlflow-cpp*.so in DIR exports a symbol that mentions nlohmann, and no exported
      function declared in the public headers takes or returns a nlohmann type (see
      exported_declarations_mentioning_nlohmann).

Exit status 0 when everything holds, 1 otherwise (a missing tool or header is a failure, never
a skip).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# --- What abi_program.cpp records (written from its source, not from a run) ----------------------
SEARCH_HITS = ["capital #1", "capital #2", "fr"]  # search("capital", 2, {2, "fr"})
EXPECTED_SPANS = {
    "abi_root": {
        "parent": None,
        "span_type": "AGENT",
        "inputs": {
            "question": "capital of France?",
            "max_steps": 3,
            "flags": [True, False],
            "context": {"user": "ada", "lang": None},
        },
        "outputs": {"text": "Paris", "sources": 3, "confident": True},
        "attributes": {"abi.config": {"model": "m-1", "temperature": 0.5, "stop": ["\n", "END"]}},
        "events": [{"name": "abi.checkpoint",
                    "attributes": {"step": 1, "note": "half way", "ok": True}}],
    },
    "abi_child": {
        "parent": "abi_root",
        "span_type": "RETRIEVER",
        "inputs": {"query": "capital", "k": 2},
        "outputs": {"found": len(SEARCH_HITS), "best": "Paris"},
        "attributes": {},
        "events": [],
    },
    "search": {
        "parent": "abi_child",
        "span_type": "TOOL",
        "inputs": {"query": "capital", "k": 2, "options": {"limit": 2, "language": "fr"}},
        "outputs": {"title": "Paris", "hits": SEARCH_HITS, "score": 0.75},
        "attributes": {"code.function.name": "app::search"},
        "events": [],
    },
}


class Failure(Exception):
    pass


def run(command, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          **kwargs)


# --- program --------------------------------------------------------------------------------------
def nlohmann_3_12_include_dir(venv_python):
    """The include directory of the venv's nlohmann-json package (tools/setup.sh pins it)."""
    hint = "tools/setup.sh installs the pinned nlohmann-json into the venv of %s" % venv_python
    if not venv_python or not os.path.isfile(venv_python):
        raise Failure("no venv python at %r: %s" % (venv_python, hint))
    # Located through the installed distribution's files: no import (the package's own
    # get_include() needs importlib_resources, which the pin does not install).
    result = run([venv_python, "-c",
                  "import importlib.metadata as m; "
                  "print(m.distribution('nlohmann-json').locate_file('nlohmann_json/include'))"])
    if result.returncode != 0:
        raise Failure("nlohmann-json is not installed (%s): %s"
                      % (hint, (result.stdout.strip().splitlines() or [""])[-1]))
    include_dir = result.stdout.strip()
    if not os.path.isfile(os.path.join(include_dir, "nlohmann", "json.hpp")):
        raise Failure("no nlohmann/json.hpp under %s: %s" % (include_dir, hint))
    return include_dir


def build_program(args, work_dir):
    flags = ["-DABI_EXPECT_DIAGNOSTICS=0"]
    if args.variant == "json_diagnostics":
        flags = ["-DJSON_DIAGNOSTICS=1", "-DABI_EXPECT_DIAGNOSTICS=1"]
    elif args.variant == "nlohmann_3_12":
        # First on the include path: the system's 3.11.2 (/usr/include) comes after any -I.
        flags = ["-I" + nlohmann_3_12_include_dir(args.venv_python),
                 "-DABI_EXPECT_NLOHMANN_MINOR=12"] + flags
    for path, what in [(args.clangxx, "clang++"), (args.plugin, "the plugin"),
                       (args.runtime_lib, "the runtime library")]:
        if not path or not os.path.isfile(path):
            raise Failure("%s not found: %r (build it first)" % (what, path))
    exe = os.path.join(work_dir, "abi_program")
    command = ([args.clangxx, "-std=c++17", "-Wall", "-fplugin=" + args.plugin] + flags
               + ["-I" + d for d in args.include]
               + [os.path.join(HERE, "abi_program.cpp"), args.runtime_lib,
                  "-Wl,-rpath," + os.path.dirname(os.path.abspath(args.runtime_lib)),
                  "-pthread", "-o", exe])
    print("$ " + " ".join(command))
    result = run(command)
    if result.returncode != 0:
        # A link failure lists each missing symbol once (the linker repeats it per call site).
        undefined = sorted(set(re.findall(r"undefined reference to `(.*)'", result.stdout)))
        if not undefined:
            raise Failure("building abi_program failed:\n" + result.stdout.rstrip())
        raise Failure("linking abi_program failed: %d symbols undefined in %s:\n  %s"
                      % (len(undefined), args.runtime_lib, "\n  ".join(undefined)))
    return exe


def read_single_trace(trace_dir):
    path = os.path.join(trace_dir, "traces.jsonl")
    if not os.path.isfile(path):
        raise Failure("no %s: the program wrote no trace" % path)
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if len(lines) != 1:
        raise Failure("%s holds %d traces, expected 1" % (path, len(lines)))
    return json.loads(lines[0])


def check_trace(trace):
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append("%s: got %s, expected %s" % (what, json.dumps(got), json.dumps(want)))

    expect("trace name", trace["info"]["tags"].get("mlflow.traceName"), "abi_root")
    spans = {span["name"]: span for span in trace["data"]["spans"]}
    expect("span names", sorted(spans), sorted(EXPECTED_SPANS))
    for name, want in EXPECTED_SPANS.items():
        span = spans.get(name)
        if span is None:
            continue
        attributes = span["attributes"]

        def attribute(key):  # attribute values are JSON text, as MLflow stores them
            return json.loads(attributes[key]) if key in attributes else "<missing>"

        parent = want["parent"]
        expect(name + ": parent_span_id", span["parent_span_id"],
               spans[parent]["span_id"] if parent in spans else parent)
        expect(name + ": status", span["status"]["code"], "STATUS_CODE_OK")
        expect(name + ": mlflow.spanType", attribute("mlflow.spanType"), want["span_type"])
        expect(name + ": mlflow.spanInputs", attribute("mlflow.spanInputs"), want["inputs"])
        expect(name + ": mlflow.spanOutputs", attribute("mlflow.spanOutputs"), want["outputs"])
        for key, value in want["attributes"].items():
            expect("%s: attribute %s" % (name, key), attribute(key), value)
        expect(name + ": events",
               [{"name": e["name"], "attributes": e["attributes"]} for e in span["events"]],
               want["events"])
    if problems:
        raise Failure("the trace is not what abi_program.cpp recorded:\n  " + "\n  ".join(problems)
                      + "\ntrace: " + json.dumps(trace, indent=1))


def program(args):
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    exe = build_program(args, args.work_dir)
    print("ok: built %s" % exe)
    trace_dir = tempfile.mkdtemp(prefix="traces-", dir=args.work_dir)
    # Only the local store: no tracking server or collector from the caller's environment.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MLFLOW_", "OTEL_")) and k != "LD_LIBRARY_PATH"}
    env["MLFLOW_CPP_TRACE_DIR"] = trace_dir
    result = run([exe], env=env, timeout=60)
    print(result.stdout.rstrip())
    if result.returncode != 0:
        raise Failure("abi_program exited with status %d" % result.returncode)
    check_trace(read_single_trace(trace_dir))
    print("ok: the trace in %s has the inputs, outputs, attributes and events abi_program.cpp set"
          % trace_dir)


# --- symbols --------------------------------------------------------------------------------------
def exported_symbols_mentioning_nlohmann(library):
    result = run(["nm", "-D", "--defined-only", "-C", library])
    if result.returncode != 0:
        raise Failure("nm -D --defined-only -C %s failed:\n%s" % (library, result.stdout))
    return [line for line in result.stdout.splitlines() if "nlohmann" in line]


def strip_comments_strings_directives(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    # MLFLOW_API spelled out (detail/prelude.h may not use the macro): one marker for the scan.
    text = re.sub(r"\[\[\s*gnu::visibility\s*\(\s*\"default\"\s*\)\s*\]\]"
                  r"|__attribute__\s*\(\(\s*visibility\s*\(\s*\"default\"\s*\)\s*\)\)",
                  " MLFLOW_API ", text)
    text = re.sub(r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", '""', text)
    text = text.replace("\\\n", " ")  # a directive's continued lines
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    # namespace mlflow { inline namespace v0 { ... } }, without braces to follow
    return re.sub(r"\bMLFLOW_(BEGIN|END)_NAMESPACE\b", " ", text)


def exported_declarations_mentioning_nlohmann(headers):
    """Declarations of functions the runtime library defines and exports, in the public headers,
    that mention nlohmann (in their parameters or their return type). A user's program calls
    those with its own nlohmann's types, so their mangled names (or, for a return type, their
    layout) depend on the user's nlohmann configuration and release.

    Deliberately simple: a scan of the declarations that end in `;` (no body) at namespace or
    class scope, after comments, string contents and preprocessor lines are dropped. Exported
    means either `MLFLOW_API` (or its expansion, [[gnu::visibility("default")]]) in the
    declaration, or a function declared in a class marked so (class/struct MLFLOW_API Name) that
    is not inline, not a template, not `= default`/`= delete`, and not defined `inline
    Class::name(` elsewhere in the headers. Function bodies, enums and initializers are skipped
    whole. Templates and inline functions are compiled in the user's own translation unit, with
    the user's nlohmann, so they may mention it freely.

    Returns (how many exported declarations the scan found, the offenders).
    """
    sources = {}
    for path in sorted(glob.glob(os.path.join(headers, "**", "*.h"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            sources[path] = strip_comments_strings_directives(f.read())
    everything = "\n".join(sources.values())
    offenders, exported_count = [], 0
    for path, text in sources.items():
        # Scopes: ("namespace"|"class"|"skip", exported class name or None).
        scopes = [("namespace", None)]
        statement, parens = "", 0
        for ch in text:
            kind, exported_class = scopes[-1]
            if kind == "skip":
                if ch == "{":
                    scopes.append(("skip", None))
                elif ch == "}":
                    scopes.pop()
                continue
            if ch == "(":
                parens += 1
            elif ch == ")":
                parens -= 1
            if parens > 0 or ch not in "{};":
                statement += ch
                continue
            decl = re.sub(r"^((public|protected|private)\s*:\s*)+", "", " ".join(statement.split()))
            statement = ""
            if ch == "{":
                class_head = re.match(r"(?:template\s*<.*>\s*)?(class|struct|union)\b(.*)", decl)
                if re.match(r"(inline\s+)?namespace\b|extern\s*\"\"", decl):
                    scopes.append(("namespace", None))
                elif class_head and "(" not in class_head.group(2).split(":")[0]:
                    name = re.search(r"MLFLOW_API\s+(\w+)", class_head.group(2))
                    scopes.append(("class", name.group(1) if name else exported_class))
                else:
                    scopes.append(("skip", None))  # a function body, an enum, an initializer
            elif ch == "}":
                scopes.pop()
            elif decl:  # ';' ends a declaration
                # name( ... : a function (not alignas(...), a data member's attribute)
                member = re.search(r"(operator\s*[^\s(]+|~?\b(?!alignas\b|decltype\b)\w+)\s*\(",
                                   decl)
                is_function = member and not re.search(r"=\s*(default|delete)\s*$", decl)
                if "MLFLOW_API" in decl:
                    exported = not re.match(r"template\b", decl)
                elif kind == "class" and exported_class and is_function:
                    defined_inline = re.search(
                        r"\binline\b[^;{]*\b%s\s*::\s*%s\s*\(" % (exported_class,
                                                                re.escape(member.group(1))),
                        everything)
                    exported = not (re.match(r"(template|friend|using|typedef)\b", decl)
                                    or re.search(r"\b(inline|constexpr)\b", decl)
                                    or defined_inline)
                else:
                    exported = False
                exported_count += exported
                if exported and "nlohmann" in decl:
                    where = os.path.relpath(path, os.path.dirname(headers))
                    owner = ("in class %s: " % exported_class
                             if kind == "class" and exported_class else "")
                    offenders.append("%s: %s%s;" % (where, owner, decl))
    return exported_count, offenders


def symbols(args):
    libraries = sorted(glob.glob(os.path.join(args.lib_dir, "libmlflow-cpp*.so")))
    if not libraries:
        raise Failure("no libmlflow-cpp*.so in %s (build the runtime first)" % args.lib_dir)
    if shutil.which("nm") is None:
        raise Failure("nm not found (Debian: apt install binutils)")
    problems = []
    for library in libraries:
        offenders = exported_symbols_mentioning_nlohmann(library)
        if offenders:
            problems.append("%s exports %d symbols that mention nlohmann:\n  %s"
                            % (library, len(offenders), "\n  ".join(offenders)))
        else:
            print("ok: %s exports no symbol that mentions nlohmann" % library)
    if not os.path.isdir(args.headers):
        raise Failure("no header directory %s" % args.headers)
    exported_count, declarations = exported_declarations_mentioning_nlohmann(args.headers)
    if exported_count == 0:  # the scan itself is broken
        problems.append("found no exported declarations in %s" % args.headers)
    elif declarations:
        problems.append("%d exported functions in the public headers mention nlohmann:\n  %s"
                        % (len(declarations), "\n  ".join(declarations)))
    else:
        print("ok: none of the %d exported declarations in %s mentions nlohmann"
              % (exported_count, args.headers))
    if problems:
        raise Failure("\n".join(problems))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("program")
    p.add_argument("--variant", required=True,
                   choices=["json_diagnostics", "nlohmann_3_12", "default_nlohmann"])
    p.add_argument("--clangxx", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--runtime-lib", required=True)
    p.add_argument("--include", action="append", default=[], help="the public headers' dirs")
    p.add_argument("--venv-python", help="the venv python with nlohmann-json (nlohmann_3_12)")
    p.add_argument("--work-dir", required=True)
    s = sub.add_parser("symbols")
    s.add_argument("--lib-dir", required=True)
    s.add_argument("--headers", required=True, help="runtime/include/mlflow")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # in order with stderr in ctest's log
    try:
        program(args) if args.command == "program" else symbols(args)
    except Failure as failure:
        print("FAILED: %s" % failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
