# Runs one wasmaot command line and checks its exit status and output.
# Used by tests/e2e/CMakeLists.txt through `cmake -P`.
#
#   -DCOMMAND=exe|arg|arg    the command, arguments separated by '|'
#   -DWORKDIR=dir            where to run it
#   -DEXPECT_EXIT=n          required exit status
#   -DSTDOUT_REGEX=re        stdout must match (optional)
#   -DSTDOUT_EMPTY=ON        stdout must be empty (optional)
#   -DSTDERR_REGEX=re        stderr must match (optional)
#   -DGOLDEN=file            stdout must equal this file (optional); with the
#                            environment variable WASMAOT_BLESS=1 the file is
#                            rewritten from the actual output instead
#   -DWAT2WASM=exe -DWAT=file -DWASM=file
#                            first assemble WAT into WASM (optional)
#   -DPRE=exe|arg|arg        then run this command, which must succeed
#                            (optional; e.g. `wasmaot compile`)
#   -DREMOVE=file            delete this file before anything runs (optional)

if(DEFINED REMOVE)
  file(REMOVE "${REMOVE}")
endif()
if(DEFINED WAT)
  get_filename_component(wasm_dir "${WASM}" DIRECTORY)
  file(MAKE_DIRECTORY "${wasm_dir}")
  execute_process(
    COMMAND "${WAT2WASM}" --debug-names "${WAT}" -o "${WASM}"
    RESULT_VARIABLE status ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "wat2wasm failed on ${WAT}:\n${err}")
  endif()
endif()
if(DEFINED PRE)
  string(REPLACE "|" ";" pre_argv "${PRE}")
  execute_process(
    COMMAND ${pre_argv}
    WORKING_DIRECTORY "${WORKDIR}"
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE "|" " " shown "${PRE}")
    message(FATAL_ERROR "setup command failed with status ${status}: "
                        "${shown}\n${out}${err}")
  endif()
endif()

string(REPLACE "|" ";" argv "${COMMAND}")
execute_process(
  COMMAND ${argv}
  WORKING_DIRECTORY "${WORKDIR}"
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)

string(REPLACE "|" " " shown "${COMMAND}")
set(context "command: ${shown}\n--- stdout ---\n${out}--- stderr ---\n${err}")

if(NOT status STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_EXIT}\n${context}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout does not match '${STDOUT_REGEX}'\n${context}")
endif()
if(STDOUT_EMPTY AND NOT out STREQUAL "")
  message(FATAL_ERROR "stdout should be empty\n${context}")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "stderr does not match '${STDERR_REGEX}'\n${context}")
endif()
if(DEFINED GOLDEN)
  if("$ENV{WASMAOT_BLESS}" STREQUAL "1")
    file(WRITE "${GOLDEN}" "${out}")
    message(STATUS "blessed ${GOLDEN}")
  else()
    if(NOT EXISTS "${GOLDEN}")
      message(FATAL_ERROR "golden file ${GOLDEN} is missing; create it with "
                          "WASMAOT_BLESS=1 ctest -R <test>\n${context}")
    endif()
    file(READ "${GOLDEN}" want)
    if(NOT out STREQUAL want)
      file(WRITE "${GOLDEN}.actual" "${out}")
      message(FATAL_ERROR
        "stdout differs from ${GOLDEN} (actual output written next to it as "
        ".actual; if the change is intended, rerun with WASMAOT_BLESS=1)\n"
        "${context}")
    endif()
  endif()
endif()
