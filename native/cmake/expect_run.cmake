# ctest helper: runs CMD (arguments separated by "|") and passes only when it exits with
# EXPECT_CODE, its stdout matches EXPECT_OUT and its stderr is empty (or, with EXPECT_ERR, matches
# that regex whole), so that a crash or a sanitizer report can never pass as an expected failure.
#   cmake -DCMD="prog|arg|..." -DEXPECT_CODE=1 -DEXPECT_OUT=regex [-DEXPECT_ERR=regex] -P expect_run.cmake
string(REPLACE "|" ";" argv "${CMD}")
execute_process(COMMAND ${argv} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${rc}" STREQUAL "${EXPECT_CODE}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_CODE}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT "${out}" MATCHES "${EXPECT_OUT}")
  message(FATAL_ERROR "stdout does not match '${EXPECT_OUT}':\n${out}")
endif()
if(DEFINED EXPECT_ERR)
  if(NOT "${err}" MATCHES "^${EXPECT_ERR}$")
    message(FATAL_ERROR "stderr does not match '${EXPECT_ERR}':\n${err}")
  endif()
elseif(NOT "${err}" STREQUAL "")
  message(FATAL_ERROR "unexpected stderr:\n${err}")
endif()
