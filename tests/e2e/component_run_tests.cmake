# Compiling and running components: the seed example examples/calculator
# (a C implementation of cyber-corp:math-logic/operations, checked in as
# calculator.wasm and rebuilt from source by example-calculator-build).
set(calc examples/calculator/calculator.wasm)
wasmaot_cli_test(cli-component-compile-run EXIT 0
  PRE_ARGS compile ${calc} -o @OUT@.so
  ARGS run @OUT@.so --invoke "add(1, 2)"
  STDOUT_REGEX "^3\n$")
wasmaot_cli_test(cli-component-run-list EXIT 0
  ARGS run ${calc} --invoke "process-sequence([1, 2, 3])"
  STDOUT_REGEX "^\\[2, 6, 12\\]\n$")
wasmaot_cli_test(cli-component-run-empty-list EXIT 0
  ARGS run ${calc} --invoke "process-sequence([])"
  STDOUT_REGEX "^\\[\\]\n$")
wasmaot_cli_test(cli-component-run-full-name EXIT 0
  ARGS run ${calc} --invoke "cyber-corp:math-logic/operations#add(4294967295, 2)"
  STDOUT_REGEX "^1\n$")
wasmaot_cli_test(cli-component-run-args-after EXIT 0
  ARGS run ${calc} --invoke add 40 2
  STDOUT_REGEX "^42\n$")
wasmaot_cli_test(cli-component-run-bad-arg EXIT 2
  ARGS run ${calc} --invoke "add(1, -1)"
  STDERR_REGEX "error: arguments of \"add\": .*-1 out of range for u32")
wasmaot_cli_test(cli-component-run-arity EXIT 2
  ARGS run ${calc} --invoke "add(1)"
  STDERR_REGEX "expected 2 arguments, got 1")
wasmaot_cli_test(cli-component-run-no-export EXIT 2
  ARGS run ${calc} --invoke "mul(1, 2)"
  STDERR_REGEX "no exported function \"mul\".*note: exported functions: \"cyber-corp:math-logic/operations#add\"")
wasmaot_cli_test(cli-component-run-no-invoke EXIT 2
  ARGS run ${calc}
  STDERR_REGEX "running a component needs --invoke")

# Rebuilds the example from C and WIT (clang-19 + jco) and runs it.
find_program(WASMAOT_NODE node)
if(WASMAOT_NODE AND EXISTS ${PROJECT_SOURCE_DIR}/tools/node_modules/@bytecodealliance/jco-transpile)
  add_test(NAME example-calculator-build
    COMMAND bash -c "bash '${PROJECT_SOURCE_DIR}/examples/calculator/build.sh' '${WASMAOT_E2E_OUT}/calc-rebuilt.wasm' && out=$('$<TARGET_FILE:wasmaot>' run --no-cache '${WASMAOT_E2E_OUT}/calc-rebuilt.wasm' --invoke 'process-sequence([3, 4, 5])') && test \"$out\" = '[6, 14, 24]'")
else()
  message(STATUS "example-calculator-build: skipped (needs node and `npm ci --prefix tools`)")
endif()
wasmaot_cli_test(cli-component-inspect-artifact EXIT 0
  PRE_ARGS compile ${calc} -o @OUT@.so
  ARGS inspect @OUT@.so
  STDOUT_REGEX "wasmaot component artifact \\(format [0-9]+\\), [0-9]+ bytes, loadable by this runtime\n.*Core modules \\(1\\)\n.*Exports \\(2\\)\n  \"cyber-corp:math-logic/operations#add\"  func\\(a: u32, b: u32\\) -> u32\n  \"cyber-corp:math-logic/operations#process-sequence\"  func\\(input: list<u32>\\) -> list<u32>\n.*Plan: [^\n]* 2 lifted functions \\(2 with adapters\\)\n")
