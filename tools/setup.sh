#!/usr/bin/env bash
# tools/setup.sh: installs what mlflow-cpp needs on a Debian 12 machine.
#
#   tools/setup.sh               install what is missing (quiet when everything is there)
#   tools/setup.sh --print-venv  print the path of the Python virtual environment and exit
#   tools/setup.sh --print-playwright  print the path of the playwright-core package and exit
#   tools/setup.sh --print-node-llama-cpp  print the directory node-llama-cpp is installed in
#                                          (its node_modules/ is there) and exit
#
# Steps (each one checks first, and does nothing when its part is already there):
#   1. Debian packages (APT_PACKAGES), as root or through sudo: the C++ toolchain, Clang/LLVM 19
#      development files for the plugin and its sanitizer runtimes, the runtime's libraries, the
#      test frameworks.
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
# nlohmann/json's headers (PyPI's repackaging: nlohmann_json/include/nlohmann/json.hpp in the
# venv's site-packages), a newer release than Debian's 3.11.2, for test/abi/.
readonly NLOHMANN_JSON_VERSION="3.12.0"

readonly APT_PACKAGES=(
  # build tools (g++ is the project's default compiler; cmake only recommends it)
  g++ cmake ninja-build pkg-config
  # Clang/LLVM 19: the compiler the plugin runs in, its development files, lit/FileCheck
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools
  # the sanitizer runtimes of clang 19 (ASan, UBSan, TSan): tools/run-tests' sanitizer builds
  libclang-rt-19-dev
  # the runtime's libraries
  nlohmann-json3-dev libcurl4-openssl-dev
  # autolog tests: programs calling LLMs through cpp-httplib (Debian ships it as a library)
  libcpp-httplib-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # the Python virtual environment
  python3-venv
  # end-to-end tests: a PostgreSQL-backed MLflow server, the MLflow UI in a real browser
  postgresql chromium
)
# npm, for playwright-core and node-llama-cpp: Debian's nodejs and npm, unless a node with its
# own npm is already installed (NodeSource's nodejs bundles npm and conflicts with Debian's npm).

CACHE_DIR="${MLFLOW_CPP_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/mlflow-cpp}"
VENV_DIR="${CACHE_DIR}/venv-mlflow-${MLFLOW_VERSION}"
PLAYWRIGHT_DIR="${CACHE_DIR}/playwright-core-${PLAYWRIGHT_CORE_VERSION}"
NODE_LLAMA_CPP_DIR="${CACHE_DIR}/node-llama-cpp-${NODE_LLAMA_CPP_VERSION}"

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
    -h | --help) usage; return 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  export DEBIAN_FRONTEND=noninteractive
  install_apt_packages
  install_venv
  install_playwright_core
  install_node_llama_cpp
}

main "$@"
