"""Building and running the traced C++ test program (server_agent/)."""

import os
import pathlib
import subprocess

AGENT_SOURCES = pathlib.Path(__file__).resolve().parent / "server_agent"


def compile_agent(toolchain, out):
    return compile_program(toolchain, sorted(AGENT_SOURCES.glob("*.cpp")), out)


def compile_program(toolchain, sources, out, flags=(), libs=()):
    """Compiles `sources` with clang++-19 and the plugin (and `flags`), linked with libmlflow-cpp
    and libmlflow-cpp-server (and `libs`)."""
    runtime_dir = os.path.dirname(toolchain["runtime_lib"])
    cmd = [toolchain["clangxx"], "-std=c++17", "-O1", "-g", "-rdynamic", "-pthread",
           *toolchain.get("cxxflags", []), *flags,
           f"-fplugin={toolchain['plugin']}",
           *[f"-I{d}" for d in toolchain["include"]],
           *[str(p) for p in sources],
           f"-L{runtime_dir}", "-lmlflow-cpp",
           # the server exporters (runtime/CMakeLists.txt), kept as pkg-config mlflow-cpp keeps them
           "-Wl,--push-state,--no-as-needed", "-lmlflow-cpp-server", "-Wl,--pop-state",
           f"-Wl,-rpath,{runtime_dir}", *libs, "-o", str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"compiling {out.name} failed:\n{' '.join(cmd)}\n{result.stderr}"
    assert result.stderr == "", f"diagnostics compiling {out.name}:\n{result.stderr}"
    return out


def program_env(server_url, trace_dir, experiment_name=None, experiment_id=None, **extra):
    """The environment a traced program is run with: MLflow's variables and ours only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["MLFLOW_TRACKING_URI"] = server_url
    env["MLFLOW_CPP_TRACE_DIR"] = str(trace_dir)
    if experiment_name is not None:
        env["MLFLOW_EXPERIMENT_NAME"] = experiment_name
    if experiment_id is not None:
        env["MLFLOW_EXPERIMENT_ID"] = str(experiment_id)
    env.update({k: str(v) for k, v in extra.items()})
    return env
