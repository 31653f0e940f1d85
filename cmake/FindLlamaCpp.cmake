# FindLlamaCpp: llama.cpp's C API (llama.h) and its prebuilt libraries, as tools/setup.sh lays
# them out (step 5): <dir>/include (llama.h, ggml*.h) and <dir>/lib (libllama.v<tag>.so,
# libggml.v<tag>.so, libggml-base.so, and the CPU backends libggml-cpu-*.so that llama.cpp loads at
# run time), from npm's node-llama-cpp. Optional: the project configures without it, and the
# targets that need it are left out (their tests then fail, see test/llama/CMakeLists.txt).
#
# Input:
#   MLFLOW_CPP_LLAMA_DIR   that directory (cache variable); empty (the default): what
#                          `tools/setup.sh --print-llama-cpp` prints, i.e.
#                          ${MLFLOW_CPP_CACHE:-~/.cache/mlflow-cpp}/llama-cpp-<tag> (asked at every
#                          configure, so a new pin in tools/setup.sh is followed)
# Output:
#   LlamaCpp_FOUND, LlamaCpp_PREFIX (the directory used), LlamaCpp_VERSION (the tag without its
#   "v", e.g. 0.4.0), LlamaCpp_INCLUDE_DIR, LlamaCpp_BACKENDS_DIR (the folder to give
#   ggml_backend_load_all_from_path(); it is the folder of the libraries)
#   mlflow_cpp::llama      INTERFACE IMPORTED target: the include directory and the three
#                          libraries (IMPORTED shared libraries, so build-tree programs get an
#                          rpath to them)
set(MLFLOW_CPP_LLAMA_DIR "" CACHE PATH
  "llama.cpp's C API, include/ and lib/ (empty: tools/setup.sh --print-llama-cpp)")
set(LlamaCpp_PREFIX "${MLFLOW_CPP_LLAMA_DIR}")
if(NOT LlamaCpp_PREFIX)
  execute_process(
    COMMAND "${PROJECT_SOURCE_DIR}/tools/setup.sh" --print-llama-cpp
    OUTPUT_VARIABLE LlamaCpp_PREFIX
    OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _llama_cpp_result)
  if(NOT _llama_cpp_result EQUAL 0)
    set(LlamaCpp_PREFIX "")
  endif()
endif()

# The tag is in the libraries' names (libllama.v0.4.0.so); the directory may hold one release.
set(LlamaCpp_INCLUDE_DIR "")
set(LlamaCpp_BACKENDS_DIR "")
set(LlamaCpp_VERSION "")
set(_llama_cpp_libs "")
if(EXISTS "${LlamaCpp_PREFIX}/include/llama.h")
  file(GLOB _llama_cpp_lib "${LlamaCpp_PREFIX}/lib/libllama.v*.so")
  list(LENGTH _llama_cpp_lib _llama_cpp_count)
  if(_llama_cpp_count EQUAL 1)
    string(REGEX REPLACE ".*/libllama\\.v(.*)\\.so$" "\\1" LlamaCpp_VERSION "${_llama_cpp_lib}")
    set(_llama_cpp_libs
      "${LlamaCpp_PREFIX}/lib/libllama.v${LlamaCpp_VERSION}.so"
      "${LlamaCpp_PREFIX}/lib/libggml.v${LlamaCpp_VERSION}.so"
      "${LlamaCpp_PREFIX}/lib/libggml-base.so")
    file(GLOB _llama_cpp_backends "${LlamaCpp_PREFIX}/lib/libggml-cpu-*.so")
    set(LlamaCpp_INCLUDE_DIR "${LlamaCpp_PREFIX}/include")
    foreach(_lib IN LISTS _llama_cpp_libs _llama_cpp_backends)
      if(NOT EXISTS "${_lib}")  # follows the link: a dangling one is missing
        set(LlamaCpp_INCLUDE_DIR "")
      endif()
    endforeach()
    if(_llama_cpp_backends)
      set(LlamaCpp_BACKENDS_DIR "${LlamaCpp_PREFIX}/lib")
    endif()
  endif()
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LlamaCpp
  REQUIRED_VARS LlamaCpp_INCLUDE_DIR LlamaCpp_BACKENDS_DIR
  VERSION_VAR LlamaCpp_VERSION
  REASON_FAILURE_MESSAGE
    "no llama.cpp C API in '${LlamaCpp_PREFIX}' (MLFLOW_CPP_LLAMA_DIR) (run tools/setup.sh)")

if(LlamaCpp_FOUND AND NOT TARGET mlflow_cpp::llama)
  add_library(mlflow_cpp::llama INTERFACE IMPORTED)
  set_target_properties(mlflow_cpp::llama PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${LlamaCpp_INCLUDE_DIR}")
  # mlflow_cpp::llama_lib_llama, _ggml, _ggml_base: each file's name is its SONAME.
  foreach(_lib IN LISTS _llama_cpp_libs)
    get_filename_component(_file "${_lib}" NAME)
    string(REGEX REPLACE "^lib|(\\.v${LlamaCpp_VERSION})?\\.so$" "" _name "${_file}")
    string(REPLACE "-" "_" _name "${_name}")
    add_library(mlflow_cpp::llama_lib_${_name} SHARED IMPORTED)
    set_target_properties(mlflow_cpp::llama_lib_${_name} PROPERTIES
      IMPORTED_LOCATION "${_lib}"
      IMPORTED_SONAME "${_file}")
    target_link_libraries(mlflow_cpp::llama INTERFACE mlflow_cpp::llama_lib_${_name})
  endforeach()
endif()
