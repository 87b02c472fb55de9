# package-examples: `cmake --install` into a staging prefix, then build
# examples/host-cpp (find_package) and examples/host-c (pkg-config, shared
# and static) against that prefix only, compile their guests with the
# installed CLI, and run each host: host function, exports, trap, WASI
# command writing into a preopened directory.
#
# cmake -DBUILD_DIR= -DSOURCE_DIR= -DSTAGE= -DWAT2WASM= -DPKG_CONFIG= -DCC=
#       -DCXX= -DGENERATOR= -P install_examples.cmake
function(run)
  cmake_parse_arguments(R "" "OUTPUT" "COMMAND" ${ARGN})
  execute_process(COMMAND ${R_COMMAND} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err
                  WORKING_DIRECTORY ${STAGE})
  if(NOT rc EQUAL 0)
    list(JOIN R_COMMAND " " cmd)
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}\n${err}")
  endif()
  if(R_OUTPUT)
    set(${R_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

set(prefix ${STAGE}/prefix)
file(REMOVE_RECURSE ${STAGE})
file(MAKE_DIRECTORY ${STAGE})
run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# What the package holds.
file(GLOB_RECURSE pcs ${prefix}/*/wasmaot.pc)
list(LENGTH pcs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one wasmaot.pc under ${prefix}, got: ${pcs}")
endif()
get_filename_component(pcdir ${pcs} DIRECTORY)
get_filename_component(libdir ${pcdir} DIRECTORY)
foreach(f ${libdir}/libwasmaot-runtime.so ${libdir}/libwasmaot-runtime.a
          ${libdir}/cmake/wasmaot/wasmaotConfig.cmake
          ${prefix}/include/wasmaot/wasmaot.h
          ${prefix}/include/wasmaot/runtime/runtime.h
          ${prefix}/include/wasmaot/abi/traps.def
          ${prefix}/include/wasmaot/frontend/types.h
          ${prefix}/bin/wasmaot)
  if(NOT EXISTS ${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# The guests, compiled by the installed CLI.
set(host_wat ${SOURCE_DIR}/examples/host-cpp/host.wat)
set(greet_wat ${SOURCE_DIR}/examples/guests/greet.wat)
foreach(g host greet)
  run(COMMAND ${WAT2WASM} --debug-names ${${g}_wat} -o ${STAGE}/${g}.wasm)
  run(COMMAND ${prefix}/bin/wasmaot compile ${STAGE}/${g}.wasm
              -o ${STAGE}/${g}.so)
endforeach()

# Every host prints the same thing and writes greeting.txt into its dir.
function(check_host name)
  set(dir ${STAGE}/${name}-dir)
  file(MAKE_DIRECTORY ${dir})
  run(COMMAND ${ARGN} ${STAGE}/host.so ${STAGE}/greet.so ${dir} OUTPUT out)
  set(want "^host: sum of 0..100 is 4950 \\(memory: 65536 bytes\\)\n"
           "sum\\(100\\) = 4950\nmemory\\[16\\] = 4950\n"
           "trap: wasm trap: integer divide by zero\n  #0 [^\n]*boom[^\n]*\n"
           "boom\\(1\\) = 1\nhello from wasi\nwasi exit status: 0\n$")
  string(CONCAT want ${want})
  if(NOT out MATCHES "${want}")
    message(FATAL_ERROR "${name}: unexpected output:\n${out}")
  endif()
  file(READ ${dir}/greeting.txt greeting)
  if(NOT greeting STREQUAL "hello from wasi\n")
    message(FATAL_ERROR "${name}: greeting.txt holds '${greeting}'")
  endif()
  message(STATUS "${name}: ok")
endfunction()

# host-cpp: find_package(wasmaot) -> wasmaot::runtime.
run(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/host-cpp
            -B ${STAGE}/host-cpp -G ${GENERATOR}
            -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${prefix})
run(COMMAND ${CMAKE_COMMAND} --build ${STAGE}/host-cpp)
check_host(host-cpp ${STAGE}/host-cpp/host-cpp)

# host-c: a C compiler and pkg-config, nothing else.
set(ENV{PKG_CONFIG_PATH} ${pcdir})
run(COMMAND ${PKG_CONFIG} --cflags wasmaot OUTPUT cflags)
run(COMMAND ${PKG_CONFIG} --libs wasmaot OUTPUT libs)
run(COMMAND ${PKG_CONFIG} --static --libs wasmaot OUTPUT static_libs)
separate_arguments(cflags UNIX_COMMAND "${cflags}")
separate_arguments(libs UNIX_COMMAND "${libs}")
separate_arguments(static_libs UNIX_COMMAND "${static_libs}")
set(main_c ${SOURCE_DIR}/examples/host-c/main.c)
run(COMMAND ${CC} -std=c11 -Wall -Werror ${cflags} ${main_c} ${libs}
            -Wl,-rpath,${libdir} -o ${STAGE}/host-c)
check_host(host-c ${STAGE}/host-c)
# Static: the archive itself, then what pkg-config --static adds.
list(REMOVE_ITEM static_libs -lwasmaot-runtime)
run(COMMAND ${CC} -std=c11 ${cflags} ${main_c}
            ${libdir}/libwasmaot-runtime.a ${static_libs}
            -o ${STAGE}/host-c-static)
run(COMMAND readelf -d ${STAGE}/host-c-static OUTPUT dyn)
if(dyn MATCHES "libwasmaot")
  message(FATAL_ERROR "host-c-static needs libwasmaot at run time:\n${dyn}")
endif()
check_host(host-c-static ${STAGE}/host-c-static)
