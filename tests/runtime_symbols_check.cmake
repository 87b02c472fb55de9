# The runtime's half of the layering rule (STYLE.md, "Habits"): the runtime
# library contains no LLVM or lld symbol, defined or undefined, so a host
# that only loads artifacts never pulls LLVM in.
#
# Usage: cmake -DLIB=<libwasmaot-runtime.a> -DNM=<nm> -P runtime_symbols_check.cmake
execute_process(COMMAND ${NM} -C ${LIB} OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "layering: cannot read symbols of ${LIB}")
endif()
string(REGEX MATCHALL "[^\n]*(llvm::|lld::|LLVM[A-Z][A-Za-z]*\\()[^\n]*" bad "${syms}")
if(bad)
  list(JOIN bad "\n  " lines)
  message(FATAL_ERROR "layering: ${LIB} contains LLVM symbols:\n  ${lines}")
endif()
message(STATUS "layering: ${LIB} has no LLVM symbol")
