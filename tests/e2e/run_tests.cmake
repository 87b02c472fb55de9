# `wasmaot compile`, `run` and `inspect` on artifacts, and the trap suite.
# Included from CMakeLists.txt when the compiler is built.

set(wat tests/e2e/wat)

#===-- compile ------------------------------------------------------------===#

wasmaot_cli_test(cli-compile-help EXIT 0 ARGS compile --help
  STDOUT_REGEX "--bounds-checks.*Exit status:.*  2  usage error")
wasmaot_cli_test(cli-compile-hello EXIT 0
  ARGS compile examples/hello.wasm -o @OUT@.so REMOVE @OUT@.so STDOUT_EMPTY)
wasmaot_cli_test(cli-compile-verbose EXIT 0
  ARGS compile -v -O0 examples/hello.wasm -o @OUT@.so
  STDOUT_REGEX "^examples/hello.wasm: compiled to [^\n]*cli-compile-verbose.so \\([0-9]+ bytes\\) in [0-9.]+ s\n$")
wasmaot_cli_test(cli-compile-options EXIT 0
  ARGS compile -O 3 --bounds-checks=explicit --jobs 2 --cpu native
       --emit-llvm @OUT@.ll examples/hello.wasm -o @OUT@.so
  PRE_ARGS compile -O1 --target aarch64-linux-gnu examples/hello.wasm
           -o @OUT@-arm64.so)
wasmaot_cli_test(cli-compile-bad-opt EXIT 2
  ARGS compile -O4 examples/hello.wasm -o @OUT@.so)
wasmaot_cli_test(cli-compile-bad-bounds EXIT 2
  ARGS compile --bounds-checks=none examples/hello.wasm -o @OUT@.so)
wasmaot_cli_test(cli-compile-bad-target EXIT 1
  ARGS compile --target riscv64-linux-gnu examples/hello.wasm -o @OUT@.so
  REMOVE @OUT@.so
  STDERR_REGEX "^examples/hello.wasm: error: unsupported target 'riscv64-linux-gnu'")
# -o never clobbers the input, whatever the spelling; nor writes a directory.
wasmaot_cli_test(cli-compile-refuse-input EXIT 2
  ARGS compile @WASM@ -o @WASM@ WAT ${wat}/add.wat
  STDERR_REGEX "^[^\n]*cli-compile-refuse-input.wasm: error: output '[^']*' is the input file; refusing to overwrite it\n$")
wasmaot_cli_test(cli-compile-refuse-input-relative EXIT 2
  ARGS compile examples/hello.wasm -o ./examples/../examples/hello.wasm
  STDERR_REGEX "error: output './examples/../examples/hello.wasm' is the input file")
wasmaot_cli_test(cli-compile-refuse-directory EXIT 2
  ARGS compile examples/hello.wasm -o examples
  STDERR_REGEX "^examples/hello.wasm: error: output 'examples' is a directory\n$")
wasmaot_cli_test(cli-compile-missing EXIT 2 ARGS compile nope.wasm -o @OUT@.so
  STDERR_REGEX "^nope.wasm: error: cannot open: No such file or directory\n$")
# A compile error carries the offset, and leaves nothing at the output.
wasmaot_cli_test(cli-compile-invalid EXIT 1
  ARGS compile tests/e2e/data/invalid.wasm -o @OUT@.so
  PRE_ARGS validate examples/hello.wasm
  REMOVE @OUT@.so
  STDERR_REGEX "^tests/e2e/data/invalid.wasm:0x[0-9a-f]+: error: [^\n]+\n$")
add_test(NAME cli-compile-invalid-leaves-nothing
  COMMAND ${CMAKE_COMMAND} -E cat ${WASMAOT_E2E_OUT}/cli-compile-invalid.so)
set_tests_properties(cli-compile-invalid-leaves-nothing PROPERTIES
  DEPENDS cli-compile-invalid WILL_FAIL ON)
wasmaot_cli_test(cli-compile-text-format EXIT 1
  ARGS compile examples/hello.wat -o @OUT@.so
  STDERR_REGEX "^examples/hello.wat:0x0: error: [^\n]+\nexamples/hello.wat: note: [^\n]*wat2wasm")

#===-- run ----------------------------------------------------------------===#

wasmaot_cli_test(cli-run-help EXIT 0 ARGS run --help
  STDOUT_REGEX "--invoke.*  3  the wasm code trapped")
wasmaot_cli_test(cli-run-artifact EXIT 0
  ARGS run @OUT@.so --invoke add 40 2
  WAT ${wat}/add.wat PRE_ARGS compile @WASM@ -o @OUT@.so
  STDOUT_REGEX "^i32:42\n$")
# The same artifact loaded by dlopen instead of the runtime's own mapper
# (WASMAOT_DLOPEN=1, for gdb): both paths must load and run it, and a trap
# in it must still be found by the fault handler.
wasmaot_cli_test(cli-run-artifact-dlopen EXIT 0
  ARGS run @OUT@.so --invoke add 40 2
  WAT ${wat}/add.wat PRE_ARGS compile @WASM@ -o @OUT@.so
  STDOUT_REGEX "^i32:42\n$")
set_property(TEST cli-run-artifact-dlopen APPEND PROPERTY ENVIRONMENT
  WASMAOT_DLOPEN=1)
wasmaot_cli_test(trap-artifact-dlopen EXIT 3 ARGS run @OUT@.so --invoke f
  WAT tests/e2e/traps/memory_oob.wat
  PRE_ARGS compile @WASM@ -o @OUT@.so
  STDERR_REGEX "trap: out of bounds memory access\n  #0 func\\[0\\] \\$inner\n  #1 func\\[1\\] \\$outer\n$")
set_property(TEST trap-artifact-dlopen APPEND PROPERTY ENVIRONMENT
  WASMAOT_DLOPEN=1)
wasmaot_cli_test(cli-run-wasm EXIT 0 ARGS run @WASM@ --invoke add -7 2
  WAT ${wat}/add.wat STDOUT_REGEX "^i32:-5\n$")
wasmaot_cli_test(cli-run-unsigned-hex EXIT 0
  ARGS run @WASM@ --invoke add 0xffffffff 4294967295 WAT ${wat}/add.wat
  STDOUT_REGEX "^i32:-2\n$")
wasmaot_cli_test(cli-run-values EXIT 0
  ARGS run @WASM@ --no-cache --invoke values -- 0.1 0x1.8p1
       -9223372036854775808 -nan:0x400001 -inf null null
  WAT ${wat}/add.wat
  STDOUT_REGEX "^f32:0.1\nf64:3\ni64:-9223372036854775808\nf32:-nan:0x400001\nf64:-inf\nexternref:null\nfuncref:null\n$")
wasmaot_cli_test(cli-run-multi EXIT 0
  ARGS run @WASM@ --invoke swap 1 18446744073709551615 WAT ${wat}/add.wat
  STDOUT_REGEX "^i64:-1\ni32:1\n$")
foreach(opt 0 2)
  wasmaot_cli_test(cli-run-multi-snan-O${opt} EXIT 0
    ARGS run @WASM@ --no-cache -O${opt} --invoke floats --
         nan:0x200001 nan:0x4000000000001 -nan:0x1 nan:0x200000
    WAT ${wat}/add.wat
    STDOUT_REGEX "^f32:nan:0x200001\nf64:nan:0x4000000000001\nf64:-nan:0x1\nf32:nan:0x200000\n$")
endforeach()
wasmaot_cli_test(cli-run-hello EXIT 0
  ARGS run examples/hello.wasm -O0 --bounds-checks=explicit
       --invoke sum_squares 10
  STDOUT_REGEX "^i64:285\n$")
wasmaot_cli_test(cli-run-hello-mean EXIT 0
  ARGS run examples/hello.wasm --invoke mean_square 10
  STDOUT_REGEX "^f64:28.5\n$")
wasmaot_cli_test(cli-run-no-invoke EXIT 0 ARGS run @WASM@ STDOUT_EMPTY
  WAT ${wat}/add.wat)
wasmaot_cli_test(cli-run-start-traps EXIT 3 ARGS run @WASM@
  WAT ${wat}/start_traps.wat
  STDERR_REGEX "^[^\n]*: error: trap: unreachable\n  #0 func\\[0\\] \\$start\n$")
wasmaot_cli_test(cli-run-underscore-start EXIT 3 ARGS run @WASM@
  WAT ${wat}/underscore_start.wat
  STDERR_REGEX "error: trap: integer divide by zero\n  #0 func\\[0\\] \\$main\n$")
wasmaot_cli_test(cli-run-missing-import EXIT 1 ARGS run @WASM@
  WAT ${wat}/imports.wat
  STDERR_REGEX "^[^\n]*: error: [^\n]*\"env\"[^\n]*\"missing\"")
wasmaot_cli_test(cli-run-cache EXIT 0 ARGS run -v @WASM@ --invoke add 1 2
  WAT ${wat}/add.wat PRE_ARGS run @WASM@ --invoke add 1 2
  STDOUT_REGEX "^i32:3\n$" STDERR_REGEX "^wasmaot: cache hit: [^\n]+\\.so\n$")
wasmaot_cli_test(cli-run-no-cache EXIT 0
  ARGS run -v --no-cache @WASM@ --invoke add 1 2 WAT ${wat}/add.wat
  STDOUT_REGEX "^i32:3\n$" STDERR_REGEX "^wasmaot: compiled [^\n]+\n$")
wasmaot_cli_test(cli-run-arg-count EXIT 2 ARGS run @WASM@ --invoke add 1
  WAT ${wat}/add.wat
  STDERR_REGEX "error: 'add' takes 2 arguments \\(i32 i32\\) but 1 was given\n$")
wasmaot_cli_test(cli-run-arg-type EXIT 2 ARGS run @WASM@ --invoke add 1 1.5
  WAT ${wat}/add.wat
  STDERR_REGEX "error: argument 2 of 'add': invalid i32 argument '1.5': expected an integer")
wasmaot_cli_test(cli-run-arg-range EXIT 2
  ARGS run @WASM@ --invoke add 1 4294967296 WAT ${wat}/add.wat
  STDERR_REGEX "invalid i32 argument '4294967296'")
wasmaot_cli_test(cli-run-no-such-export EXIT 2 ARGS run @WASM@ --invoke nope
  WAT ${wat}/add.wat
  STDERR_REGEX "error: no exported function \"nope\"\n[^\n]*: note: exported functions: \"add\", ")
wasmaot_cli_test(cli-run-args-without-invoke EXIT 2 ARGS run @WASM@ 1 2
  WAT ${wat}/add.wat STDERR_REGEX "arguments given, but the module has no `_start`")
wasmaot_cli_test(cli-run-not-artifact EXIT 1 ARGS run /bin/sh
  STDERR_REGEX "^/bin/sh: error: not a wasmaot artifact")
wasmaot_cli_test(cli-run-text-format EXIT 1 ARGS run examples/hello.wat
  STDERR_REGEX "^examples/hello.wat:0x0: error: ")
wasmaot_cli_test(cli-run-missing EXIT 2 ARGS run nope.so
  STDERR_REGEX "^nope.so: error: cannot open")
wasmaot_cli_test(cli-run-foreign-target EXIT 1 ARGS run @OUT@.so
  PRE_ARGS compile --target aarch64-linux-gnu examples/hello.wasm -o @OUT@.so
  STDERR_REGEX "was compiled for aarch64[^\n]*recompile it with `wasmaot compile --target x86_64-linux-gnu")

#===-- inspect on artifacts -----------------------------------------------===#

wasmaot_cli_test(cli-inspect-artifact EXIT 0 ARGS inspect @OUT@.so
  PRE_ARGS compile -O1 --bounds-checks=explicit --cpu portable
           examples/hello.wasm -o @OUT@.so
  STDOUT_REGEX "^[^\n]*cli-inspect-artifact.so: wasmaot artifact \\(format [0-9]+\\), [0-9]+ bytes, loadable by this runtime\n\nHeader\n  format version   [0-9]+\n  ABI hash         0x[0-9a-f]+\n  compiler         wasmaot [^\n]*LLVM[^\n]*\n  target           x86_64-[a-z]+-linux-gnu \\(ELF machine x86_64\\)\n  CPU              x86-64-v2\n  CPU features     [^\n]+\n  wasm features    mvp, [^\n]*\n  bounds checks    explicit\n  guard bytes      0\n  opt level        -O1\n  epoch checks     no\n\nIntegrity\n  checksum seal    XXH64 0x[0-9a-f]+, intact\n  signature        none\n\nModule name: \"hello\"\n.*\nExports \\(3\\)\n  \"memory\"  memory 0\n  \"sum_squares\"  func 0  \\$sum_squares\n  \"mean_square\"  func 1  \\$mean_square\n.*Data segments: 1 ")
wasmaot_cli_test(cli-inspect-artifact-arm64 EXIT 0 ARGS inspect @OUT@.so
  PRE_ARGS compile --target aarch64-linux-gnu examples/hello.wasm -o @OUT@.so
  STDOUT_REGEX "not loadable here: compiled for aarch64, this host is x86_64\n.*  target           aarch64-[a-z]+-linux-gnu \\(ELF machine aarch64\\)\n  CPU              generic\n.*  guard bytes      4295032832\n  opt level        -O2\n.*Functions: 2 \\(0 imported, 2 defined\\)")
wasmaot_cli_test(cli-inspect-artifact-json EXIT 0 ARGS inspect --json @OUT@.so
  PRE_ARGS compile examples/hello.wasm -o @OUT@.so
  STDOUT_REGEX "\"kind\": \"artifact\",.*\"loadable\": true,.*\"bounds_checks\": \"guard\",.*\"opt_level\": 2,.*\"name\": \"sum_squares\"")
wasmaot_cli_test(cli-inspect-not-artifact EXIT 1 ARGS inspect /bin/sh
  STDERR_REGEX "^/bin/sh: error: not a wasmaot artifact")

#===-- the trap suite: one module per trap kind ---------------------------===#
# Each traps in $inner called from $outer (export "f"). At -O0 the whole
# backtrace is checked; at -O2 LLVM may inline $inner, so only the message.

function(wasmaot_trap_test kind message backtrace)
  set(wat tests/e2e/traps/${kind}.wat)
  wasmaot_cli_test(trap-${kind}-O0 EXIT 3
    ARGS run -O0 @WASM@ --invoke f WAT ${wat} STDOUT_EMPTY
    STDERR_REGEX "^[^\n]*trap-${kind}-O0.wasm: error: trap: ${message}\n${backtrace}")
  wasmaot_cli_test(trap-${kind}-O2 EXIT 3
    ARGS run @WASM@ --invoke f WAT ${wat} STDOUT_EMPTY
    STDERR_REGEX "^[^\n]*trap-${kind}-O2.wasm: error: trap: ${message}\n  #0 func\\[[0-9]+\\] \\$[a-z]+\n")
  set_tests_properties(trap-${kind}-O0 trap-${kind}-O2 PROPERTIES TIMEOUT 120)
endfunction()

set(io "  #0 func\\[0\\] \\$inner\n  #1 func\\[1\\] \\$outer\n$")
set(io2 "  #0 func\\[1\\] \\$inner\n  #1 func\\[2\\] \\$outer\n$")
wasmaot_trap_test(unreachable "unreachable" "${io}")
wasmaot_trap_test(div_by_zero "integer divide by zero" "${io}")
wasmaot_trap_test(overflow "integer overflow" "${io}")
wasmaot_trap_test(invalid_conversion "invalid conversion to integer" "${io}")
wasmaot_trap_test(memory_oob "out of bounds memory access" "${io}")
wasmaot_trap_test(table_oob "out of bounds table access" "${io}")
wasmaot_trap_test(undefined_element "undefined element" "${io2}")
wasmaot_trap_test(uninitialized_element "uninitialized element" "${io2}")
wasmaot_trap_test(indirect_type_mismatch "indirect call type mismatch" "${io2}")
wasmaot_trap_test(stack_exhausted "call stack exhausted"
  "  #0 func\\[0\\] \\$recurse\n  #1 func\\[0\\] \\$recurse\n")
# Out-of-bounds memory without guard pages: the explicit check.
foreach(opt 0 2)
  wasmaot_cli_test(trap-memory_oob-explicit-O${opt} EXIT 3
    ARGS run -O${opt} --bounds-checks=explicit @WASM@ --invoke f
    WAT tests/e2e/traps/memory_oob.wat
    STDERR_REGEX "error: trap: out of bounds memory access\n  #0 func\\[[01]\\] \\$(inner|outer)\n")
endforeach()
# An artifact traps the same way as a .wasm compiled on the fly.
wasmaot_cli_test(trap-artifact EXIT 3 ARGS run @OUT@.so --invoke f
  WAT tests/e2e/traps/div_by_zero.wat
  PRE_ARGS compile -O0 @WASM@ -o @OUT@.so
  STDERR_REGEX "^[^\n]*trap-artifact.so: error: trap: integer divide by zero\n${io}")

# WASI through `wasmaot run`: a C guest built with clang-19 for wasm32-wasi.
find_program(WASMAOT_CLANG19 clang-19)
if(WASMAOT_CLANG19 AND EXISTS /usr/lib/wasm32-wasi/libc.a)
  set(guest ${CMAKE_CURRENT_BINARY_DIR}/wasi/hello.wasm)
  add_custom_command(OUTPUT ${guest}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/wasi
    COMMAND ${WASMAOT_CLANG19} --target=wasm32-wasi --sysroot=/usr -O2
            ${CMAKE_CURRENT_SOURCE_DIR}/wasi/hello.c -o ${guest}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wasi/hello.c
    COMMENT "Building the WASI test guest")
  add_custom_target(wasmaot-e2e-wasi-guests ALL DEPENDS ${guest})
  set(data ${WASMAOT_E2E_OUT}/wasi-data)
  file(MAKE_DIRECTORY ${data})
  wasmaot_cli_test(cli-wasi-args-env-dir EXIT 42
    ARGS run ${guest} --no-cache --dir ${data}::/data --env MODE=prod -- a b
    STDOUT_REGEX "^argc=3 \\[a\\] \\[b\\]\nMODE=prod\nread back: hello file\nescape: refused\n$")
  wasmaot_cli_test(cli-wasi-exit-zero EXIT 0
    ARGS run ${guest} --no-cache --dir ${data}::/data
    STDOUT_REGEX "^argc=1\nMODE=\\(unset\\)\n")
  wasmaot_cli_test(cli-wasi-nothing-granted EXIT 7
    ARGS run ${guest} --no-cache
    STDOUT_REGEX "^argc=1\nMODE=\\(unset\\)\n$"
    STDERR_REGEX "fopen: Capabilities insufficient")
  wasmaot_cli_test(cli-wasi-read-only EXIT 7
    ARGS run ${guest} --no-cache --dir ${data}::/data:ro
    STDERR_REGEX "fopen: Read-only file system")
else()
  message(STATUS "wasmaot: clang-19 or wasi-libc missing: WASI CLI tests off")
endif()

# A small address-space reservation (edge boxes): guard-page artifacts are
# refused with advice, explicit-bounds ones run with their memory capped.
wasmaot_cli_test(cli-run-small-reservation-guard EXIT 1
  ARGS run examples/hello.wasm --no-cache --memory-reservation 64
       --invoke sum_squares 10
  STDERR_REGEX "relies on guard pages.*--bounds-checks=explicit")
wasmaot_cli_test(cli-run-small-reservation-explicit EXIT 0
  ARGS run examples/hello.wasm --no-cache --memory-reservation 64
       --bounds-checks=explicit --invoke sum_squares 10
  STDOUT_REGEX "^i64:285\n$")

# Partly used wide loads at the end of memory still trap (guard pages).
foreach(opt 0 2)
  wasmaot_cli_test(cli-run-edge-wrap-load-O${opt} EXIT 3
    ARGS run @WASM@ --no-cache -O${opt} --invoke wrap_load 65532
    WAT tests/e2e/wat/edge_loads.wat
    STDERR_REGEX "trap: out of bounds memory access")
  wasmaot_cli_test(cli-run-edge-lane-load-O${opt} EXIT 3
    ARGS run @WASM@ --no-cache -O${opt} --invoke lane_load 65521
    WAT tests/e2e/wat/edge_loads.wat
    STDERR_REGEX "trap: out of bounds memory access")
  wasmaot_cli_test(cli-run-edge-in-bounds-O${opt} EXIT 0
    ARGS run @WASM@ --no-cache -O${opt} --invoke lane_load 65520
    WAT tests/e2e/wat/edge_loads.wat
    STDOUT_REGEX "^i32:0\n$")
endforeach()

# Pointer-stepping loops (codegen/src/heap_address.cpp, issue #6): LLVM
# vectorises them in guard mode, and results and traps stay wasm's.
set(heap_loops tests/e2e/wat/heap_loops.wat)
foreach(bounds guard explicit)
  wasmaot_cli_test(cli-run-heap-loops-sum-${bounds} EXIT 0
    ARGS run @WASM@ --no-cache --bounds-checks=${bounds} --invoke fill_sum 1000 0
    WAT ${heap_loops} STDOUT_REGEX "^i64:499500\n$")
  wasmaot_cli_test(cli-run-heap-loops-scale-${bounds} EXIT 0
    ARGS run @WASM@ --no-cache --bounds-checks=${bounds} --invoke fill_scale 1000 16
    WAT ${heap_loops} STDOUT_REGEX "^i64:-6417242440909979647\n$")
  # end - start not a multiple of 16: the walk runs off memory.
  wasmaot_cli_test(cli-run-heap-loops-runaway-${bounds} EXIT 3
    ARGS run @WASM@ --no-cache --bounds-checks=${bounds} --invoke fill_scale 1000 8
    WAT ${heap_loops} STDERR_REGEX "trap: out of bounds memory access")
  wasmaot_cli_test(cli-run-heap-loops-past-end-${bounds} EXIT 3
    ARGS run @WASM@ --no-cache --bounds-checks=${bounds} --invoke sum 65000 65600
    WAT ${heap_loops} STDERR_REGEX "trap: out of bounds memory access")
endforeach()
wasmaot_cli_test(cli-compile-heap-loops-vector-sum EXIT 0
  ARGS compile @WASM@ -o @OUT@.so --target x86_64-linux-gnu --cpu x86-64-v2
       --emit-llvm /dev/stdout
  WAT ${heap_loops} STDOUT_REGEX "load <[0-9]+ x i64>")
wasmaot_cli_test(cli-compile-heap-loops-vector-scale EXIT 0
  ARGS compile @WASM@ -o @OUT@.so --target x86_64-linux-gnu --cpu x86-64-v2
       --emit-llvm /dev/stdout
  WAT ${heap_loops} STDOUT_REGEX "store <[0-9]+ x double>")

# call_indirect through a table nothing can change takes the static path
# (codegen/src/lower_table.cpp, issue #6): same results and traps, the trap
# frame is the caller's; a table written by table.set keeps the general one.
set(call_tables tests/e2e/wat/call_tables.wat)
foreach(case "0 7|0|i32:14" "1 7|0|i32:49" "2 7|3|uninitialized element"
             "3 7|3|indirect call type mismatch" "9 7|3|undefined element")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 args)
  list(GET parts 1 exit)
  list(GET parts 2 want)
  string(REPLACE " " "-" name "${args}")
  string(REPLACE " " ";" args "${args}")
  if(exit EQUAL 0)
    set(check STDOUT_REGEX "^${want}\n$")
  else()
    set(check STDERR_REGEX
        "trap: ${want}\n  #0 func\\[[0-9]+\\] \\$static_call\n")
  endif()
  wasmaot_cli_test(cli-run-call-tables-${name} EXIT ${exit}
    ARGS run @WASM@ --no-cache --invoke static_call ${args}
    WAT ${call_tables} ${check})
endforeach()
wasmaot_cli_test(cli-run-call-tables-written EXIT 0
  ARGS run @WASM@ --no-cache --invoke set_then_call 7
  WAT ${call_tables} STDOUT_REGEX "^i32:49\n$")
wasmaot_cli_test(cli-compile-call-tables-static EXIT 0
  ARGS compile @WASM@ -o @OUT@.so --emit-llvm /dev/stdout
  WAT ${call_tables} STDOUT_REGEX "llvm.load.relative")

# v128 arguments and results on the command line.
wasmaot_cli_test(cli-run-v128 EXIT 0
  ARGS run @WASM@ --no-cache --invoke add_i32x4 i32x4:1,2,3,0xffffffff
       v128:i32x4:10,20,30,1
  WAT tests/e2e/wat/simd.wat
  STDOUT_REGEX "^v128:i32x4:0x0000000b,0x00000016,0x00000021,0x00000000\n$")
wasmaot_cli_test(cli-run-v128-f32 EXIT 0
  ARGS run @WASM@ --no-cache --invoke mul_f32x4 f32x4:1,2,0.5,-1
       f32x4:2,2,2,2
  WAT tests/e2e/wat/simd.wat
  STDOUT_REGEX "^v128:i32x4:0x40000000,0x40800000,0x3f800000,0xc0000000\n$")
wasmaot_cli_test(cli-run-v128-bad EXIT 2
  ARGS run @WASM@ --no-cache --invoke add_i32x4 i32x4:1,2,3 i32x4:1,2,3,4
  WAT tests/e2e/wat/simd.wat
  STDERR_REGEX "SHAPE:LANES")

# Real WASI programs (recursive copy with timestamps, a persistent key-value
# store, a text tool) must behave exactly as their native builds.
if(WASMAOT_CLANG19 AND EXISTS /usr/lib/wasm32-wasi/libc.a)
  add_test(NAME wasi-programs-vs-native
    COMMAND bash ${PROJECT_SOURCE_DIR}/tests/wasi/compare_native.sh
            $<TARGET_FILE:wasmaot> ${CMAKE_CURRENT_BINARY_DIR}/wasi-programs)
  set_tests_properties(wasi-programs-vs-native PROPERTIES TIMEOUT 300)
endif()

wasmaot_cli_test(cli-run-reactor-initialize EXIT 0
  ARGS run @WASM@ --no-cache --invoke get WAT tests/e2e/wat/reactor.wat
  STDOUT_REGEX "^i32:42\n$")

# The C++ embedding example: compile its guest ahead of time, run the host.
if(WASMAOT_WAT2WASM)
  set(hostwasm ${CMAKE_CURRENT_BINARY_DIR}/wat/example-host-cpp.wasm)
  add_test(NAME example-host-cpp
    COMMAND ${CMAKE_COMMAND}
      "-DCOMMAND=$<TARGET_FILE:wasmaot-example-host-cpp>|${hostwasm}.so"
      -DWORKDIR=${PROJECT_SOURCE_DIR} -DEXPECT_EXIT=0
      -DWAT2WASM=${WASMAOT_WAT2WASM}
      -DWAT=${PROJECT_SOURCE_DIR}/examples/host-cpp/host.wat -DWASM=${hostwasm}
      "-DPRE=$<TARGET_FILE:wasmaot>|compile|${hostwasm}|-o|${hostwasm}.so"
      "-DSTDOUT_REGEX=^host: sum of 0..100 is 4950 \\(memory: 65536 bytes\\)\nsum\\(100\\) = 4950\nmemory\\[16\\] = 4950\ntrap: wasm trap: integer divide by zero\n.*guest!boom.*\nboom\\(1\\) = 1\n$"
      -P ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.cmake)
endif()
