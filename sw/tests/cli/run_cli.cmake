# Runs one CLI command and checks its exit status and output.
# -DCOMMAND=<|-separated words> -DEXPECT_EXIT=<n> [-DEXPECT_STDOUT=<regex>]
# [-DEXPECT_STDERR=<regex>] [-DSTDOUT_FILE=<path>] [-DSINGLE_LINE_STDERR=ON]
# [-DEXPECT_STDERR_OF=<file>]: stderr must be "<file>:<regex>" where the
#   file's first line is "# expect: <regex>".
string(REPLACE "|" ";" COMMAND "${COMMAND}")
if(DEFINED EXPECT_STDERR_OF)
  file(STRINGS "${EXPECT_STDERR_OF}" first_line LIMIT_COUNT 1)
  string(REGEX REPLACE "^# expect: " "" expected "${first_line}")
  set(EXPECT_STDERR "^${EXPECT_STDERR_OF}:${expected}\n$")
endif()
execute_process(COMMAND ${COMMAND}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(DEFINED STDOUT_FILE)
  file(WRITE "${STDOUT_FILE}" "${out}")
endif()
if(NOT status STREQUAL EXPECT_EXIT)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED EXPECT_STDOUT AND NOT out MATCHES "${EXPECT_STDOUT}")
  message(FATAL_ERROR "stdout does not match '${EXPECT_STDOUT}':\n${out}")
endif()
if(DEFINED EXPECT_STDERR AND NOT err MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}':\n${err}")
endif()
if(SINGLE_LINE_STDERR)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines lines)
  if(NOT lines EQUAL 1)
    message(FATAL_ERROR "stderr should be one line, got ${lines}:\n${err}")
  endif()
endif()
