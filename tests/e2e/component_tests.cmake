# `wasmaot validate|inspect|wit` on component binaries. The components are
# built at test time by make_components.mjs with jco (tools/, installed by
# scripts/install-deps.sh): a fixture test makes them, the others require
# it. Without node or jco these tests are not registered. Included by
# CMakeLists.txt here (uses wasmaot_cli_test).
# The checked-in seed component (examples/calculator) needs no jco.
set(calc examples/calculator/calculator.wasm)
wasmaot_cli_test(cli-validate-component-calculator EXIT 0
  ARGS validate -v ${calc}
  STDOUT_REGEX "^${calc}: valid component \\([0-9]+ core modules, [0-9]+ definitions, [0-9]+ bytes\\)\n$")
wasmaot_cli_test(cli-wit-component-calculator EXIT 0 ARGS wit ${calc}
  STDOUT_REGEX "^package root:component;\n\nworld root {\n  export cyber-corp:math-logic/operations;\n}\n\npackage cyber-corp:math-logic {\n\n  interface operations {\n    add: func\\(a: u32, b: u32\\) -> u32;\n    process-sequence: func\\(input: list<u32>\\) -> list<u32>;\n  }\n}\n$")

find_program(WASMAOT_NODE node)
set(jco_api
    ${PROJECT_SOURCE_DIR}/tools/node_modules/@bytecodealliance/jco/dist/api.js)
if(NOT WASMAOT_NODE OR NOT EXISTS ${jco_api})
  message(STATUS "node or jco (tools/, `npm ci --prefix tools`) not found: "
                 "the component CLI tests will not run")
  return()
endif()

set(comp ${CMAKE_CURRENT_BINARY_DIR}/components)
add_test(NAME cli-component-fixtures
  COMMAND ${WASMAOT_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/make_components.mjs
          ${comp})
set_tests_properties(cli-component-fixtures PROPERTIES
  FIXTURES_SETUP wasmaot-components)

# A function, not a macro: a macro would evaluate the regexes' escapes again.
function(component_test name)
  wasmaot_cli_test(${name} ${ARGN})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED wasmaot-components)
endfunction()

component_test(cli-validate-component EXIT 0 ARGS validate ${comp}/calc.wasm
  STDOUT_EMPTY)
component_test(cli-validate-component-verbose EXIT 0
  ARGS validate -v ${comp}/calc.wasm
  STDOUT_REGEX "calc.wasm: valid component \\(3 core modules, [0-9]+ definitions, [0-9]+ bytes\\)\n$")
component_test(cli-validate-component-invalid EXIT 1
  ARGS validate ${comp}/invalid.wasm
  STDERR_REGEX "^[^\n]*/invalid.wasm:0x54: error: lowered function type mismatch: canon lift of a core function of type \\[i32\\] -> \\[i32\\], but `func\\(x: u64\\) -> u32` flattens to \\[i64\\] -> \\[i32\\]\n$")
component_test(cli-validate-component-truncated EXIT 1
  ARGS validate ${comp}/truncated.wasm
  STDERR_REGEX "^[^\n]*/truncated.wasm:0xb: error: unexpected end[^\n]*\n$")
# The worst status over all files: one invalid component among valid files.
component_test(cli-validate-component-mixed EXIT 1
  ARGS validate examples/hello.wasm ${comp}/calc.wasm ${comp}/invalid.wasm
  STDERR_REGEX "^[^\n]*/invalid.wasm:0x54: error: ")

component_test(cli-inspect-component EXIT 0 ARGS inspect ${comp}/calc.wasm
  STDOUT_REGEX "calc.wasm: WebAssembly component \\(binary version 0xd\\), [0-9]+ bytes, valid\n\nImports \\(2\\)\n  \"cyber-corp:math-logic/types@0.1.0\"  instance { \"accumulator\": type resource accumulator, [^\n]*\"\\[constructor\\]accumulator\": func\\(start: u64\\) -> own<accumulator>, [^\n]*\n  \"log\"  func\\(msg: string\\)\nExports \\(2\\)\n  \"stats\"  instance { \"count\": func\\(\\) -> u64 }\n  \"cyber-corp:math-logic/operations@0.1.0\"  instance {[^\n]*\"process-sequence\": func\\(input: list<u32>\\) -> list<u32>[^\n]*\nCore modules \\(3\\)\n")
component_test(cli-inspect-component-json EXIT 0
  ARGS inspect --json ${comp}/calc.wasm
  STDOUT_REGEX "\"kind\": \"component\".*\"name\": \"log\",[ \n]*\"kind\": \"func\",[ \n]*\"type\": \"func\\(msg: string\\)\".*\"core_modules\": \\[")
component_test(cli-inspect-component-invalid EXIT 1
  ARGS inspect ${comp}/invalid.wasm
  STDOUT_REGEX "invalid.wasm: WebAssembly component \\(binary version 0xd\\), 131 bytes, invalid\n$"
  STDERR_REGEX "^[^\n]*/invalid.wasm:0x54: error: lowered function type mismatch")

# `wasmaot wit` on a component prints its world and the packages it uses;
# the golden file, read back as WIT, prints as itself (a round trip).
component_test(cli-wit-component-calc EXIT 0 ARGS wit ${comp}/calc.wasm
  GOLDEN wit/calc-component.wit)
wasmaot_cli_test(cli-wit-component-roundtrip EXIT 0
  ARGS wit --deps tests/golden/wit/calc-component.wit
  GOLDEN wit/calc-component.wit)
# A record/flags of one interface used by its variant, the variant
# re-exported by another interface with `(eq ..)` (as wasi:http's
# error-code; issue #10): printed with a `use`, and the output resolves.
component_test(cli-wit-component-eq-reexport EXIT 0 ARGS wit ${comp}/net.wasm
  GOLDEN wit/net-component.wit)
wasmaot_cli_test(cli-wit-component-eq-reexport-roundtrip EXIT 0
  ARGS wit --deps tests/golden/wit/net-component.wit
  GOLDEN wit/net-component.wit)
component_test(cli-wit-component-invalid EXIT 1
  ARGS wit ${comp}/truncated.wasm
  STDERR_REGEX "^[^\n]*/truncated.wasm:0xb: error: unexpected end")


# `wasmaot compose` on the command line (its behaviour: ctest
# component-compose, tests/component/compose/).
wasmaot_cli_test(cli-compose-help EXIT 0 ARGS compose --help
                 STDOUT_REGEX "--plug.*-o,--output.*Exit status:")
wasmaot_cli_test(cli-compose-no-plug EXIT 2
                 ARGS compose tests/component/compose/app.wasm -o @OUT@.wasm
                 STDERR_REGEX "--plug is required")
wasmaot_cli_test(cli-compose-missing-input EXIT 2
                 ARGS compose no-such.wasm --plug examples/calculator/calculator.wasm
                      -o @OUT@.wasm
                 STDERR_REGEX "no-such.wasm: error: cannot open")
