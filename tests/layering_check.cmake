# The layering check (STYLE.md, "Habits"): frontend/, wit/ and runtime/ never
# include LLVM or lld headers. The build already keeps LLVM's include path
# away from those targets; this check also catches an include that would
# only compile by accident (a path to LLVM's headers in some other way).
#
# Usage: cmake -DSOURCE_DIR=<repo> -P layering_check.cmake

set(violations "")
foreach(layer frontend wit runtime)
  file(GLOB_RECURSE sources
       "${SOURCE_DIR}/${layer}/*.h" "${SOURCE_DIR}/${layer}/*.cpp"
       "${SOURCE_DIR}/${layer}/*.def" "${SOURCE_DIR}/${layer}/*.inc")
  foreach(source IN LISTS sources)
    file(STRINGS "${source}" lines
         REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](llvm|llvm-c|lld)/")
    foreach(line IN LISTS lines)
      file(RELATIVE_PATH rel "${SOURCE_DIR}" "${source}")
      string(APPEND violations "  ${rel}: ${line}\n")
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR
    "layering: frontend, wit and runtime must not include LLVM or lld "
    "(see ../shared/DESIGN.md); found:\n${violations}")
endif()
message(STATUS "layering: frontend, wit and runtime include no LLVM header")
