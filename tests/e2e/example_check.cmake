# Checks that examples/hello.wasm is what wat2wasm makes of examples/hello.wat.
# Usage: cmake -DWAT2WASM=... -DSOURCE_DIR=... -DOUT=... -P example_check.cmake
execute_process(
  COMMAND "${WAT2WASM}" --debug-names "${SOURCE_DIR}/examples/hello.wat"
          -o "${OUT}"
  RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "wat2wasm failed on examples/hello.wat:\n${err}")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E compare_files "${OUT}"
          "${SOURCE_DIR}/examples/hello.wasm"
  RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR
    "examples/hello.wasm is out of date; regenerate it with\n"
    "  wat2wasm --debug-names examples/hello.wat -o examples/hello.wasm")
endif()
