# Configures and builds the runtime-only wasmaot and wasmaot-spec for aarch64 (the fixture of
# the cross-aarch64-* tests). -DSOURCE_DIR, -DBUILD_DIR.
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G Ninja
          -DCMAKE_BUILD_TYPE=Release
          -DCMAKE_TOOLCHAIN_FILE=${SOURCE_DIR}/cmake/toolchains/aarch64-linux-gnu.cmake
          -DWASMAOT_COMPILER=OFF -DWASMAOT_TESTS=ON -DWASMAOT_UNIT_TESTS=OFF
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "configuring the aarch64 build failed:\n${out}${err}")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target wasmaot wasmaot-spec
          -j 2
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "building the aarch64 runtime failed:\n${out}${err}")
endif()
