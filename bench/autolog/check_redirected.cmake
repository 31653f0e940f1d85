# check_redirected.cmake: fails the build unless the plugin redirected perform_call.cpp's call.
#
#   cmake -DNM=<nm> -DREWRITTEN=<perform_rewritten.o> -DPLAIN=<perform_plain.o> -P check_redirected.cmake
#
# The libcurl adapter asks the runtime about the handle (mlflow::...::autolog::handle_request), so
# the object compiled with the plugin refers to it and the one compiled without does not. When
# that does not hold, both objects are removed (the next build compiles them again) and the
# build stops: the benchmark would otherwise compare two plain calls.
foreach(var NM REWRITTEN PLAIN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_redirected.cmake: -D${var}=... is required")
  endif()
endforeach()

function(undefined_symbols object out)
  execute_process(COMMAND "${NM}" --undefined-only --demangle "${object}"
    OUTPUT_VARIABLE symbols RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "check_redirected.cmake: ${NM} ${object} failed: ${err}")
  endif()
  set(${out} "${symbols}" PARENT_SCOPE)
endfunction()

undefined_symbols("${REWRITTEN}" rewritten)
undefined_symbols("${PLAIN}" plain)
set(adapter_call "::detail::autolog::handle_request(")
string(FIND "${rewritten}" "${adapter_call}" in_rewritten)
string(FIND "${plain}" "${adapter_call}" in_plain)
string(FIND "${rewritten}" "curl_easy_perform" perform_in_rewritten)
if(in_rewritten EQUAL -1 OR NOT in_plain EQUAL -1 OR perform_in_rewritten EQUAL -1)
  file(REMOVE "${REWRITTEN}" "${PLAIN}")
  message(FATAL_ERROR
    "autolog_bench: the plugin did not redirect curl_easy_perform in perform_call.cpp "
    "(${REWRITTEN} must refer to mlflow${adapter_call}...) and to curl_easy_perform, "
    "${PLAIN} must not refer to the former)")
endif()
