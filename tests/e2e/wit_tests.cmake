# `wasmaot wit`: canonical printing (golden), elaboration of the WASI
# packages, diagnostics with line, column and caret, and the binaries it
# refuses. Included by CMakeLists.txt here (uses wasmaot_cli_test).
set(wit_data tests/wit/data)
wasmaot_cli_test(cli-wit-help EXIT 0 ARGS wit --help
                 STDOUT_REGEX "FILE:LINE:COLUMN: error: MESSAGE")
wasmaot_cli_test(cli-wit-calc EXIT 0 ARGS wit ${wit_data}/calc/calc.wit
                 GOLDEN wit/calc.wit)
wasmaot_cli_test(cli-wit-world EXIT 0
                 ARGS wit --world calculator --no-docs ${wit_data}/calc/calc.wit
                 STDOUT_REGEX "^world calculator {\n  import types;\n  export operations;\n}\n$")
wasmaot_cli_test(cli-wit-no-world EXIT 2
                 ARGS wit --world nope ${wit_data}/calc/calc.wit
                 STDERR_REGEX "package `cyber-corp:math-logic@0.1.0` has no world `nope`")
wasmaot_cli_test(cli-wit-wasi-0.2 EXIT 0
                 ARGS wit --deps ${wit_data}/wasi-0.2.12
                 STDOUT_REGEX "world everything {\n  import wasi:cli/environment@0.2.12;.*export wasi:http/incoming-handler@0.2.12;\n}.*package wasi:sockets@0.2.12 {")
wasmaot_cli_test(cli-wit-wasi-0.3-quiet EXIT 0
                 ARGS wit -q ${wit_data}/wasi-0.3.0 STDOUT_EMPTY)
wasmaot_cli_test(cli-wit-error EXIT 1
                 ARGS wit ${wit_data}/errors/unknown-type.wit
                 STDERR_REGEX "unknown-type.wit:3:18: error: type `u33` does not exist\n        add: func\\(a: u33\\) -> u32;\n                     \\^~~\n")
wasmaot_cli_test(cli-wit-missing EXIT 2 ARGS wit nope.wit
                 STDERR_REGEX "nope.wit: error: cannot read the file")
# A component binary: its world (more in component_tests.cmake).
wasmaot_cli_test(cli-wit-component EXIT 0
                 ARGS wit ${wit_data}/errors/empty-component.wasm
                 STDOUT_REGEX "^package root:component;\n\nworld root {\n}\n$")
wasmaot_cli_test(cli-wit-core-module EXIT 1 ARGS wit examples/hello.wasm
                 STDERR_REGEX "core WebAssembly module, not WIT")
