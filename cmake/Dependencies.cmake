# Finds the Debian 12 packages wasmaot builds against and fails early with a
# sentence naming the package to install. `scripts/install-deps.sh` installs
# all of them.

macro(wasmaot_require found pkg what)
  if(NOT ${found})
    message(FATAL_ERROR
      "wasmaot needs ${what}: install the Debian package '${pkg}' "
      "(or run scripts/install-deps.sh)")
  endif()
endmacro()

if(WASMAOT_HEADER_ONLY_DEPS)
  # Cross builds (cmake/toolchains/): fmt header-only from the host headers.
  find_path(FMT_INCLUDE_DIR fmt/format.h PATHS /usr/include NO_DEFAULT_PATH)
  if(FMT_INCLUDE_DIR)
    add_library(fmt::fmt INTERFACE IMPORTED)
    target_include_directories(fmt::fmt INTERFACE ${FMT_INCLUDE_DIR})
    target_compile_definitions(fmt::fmt INTERFACE FMT_HEADER_ONLY=1)
    set(fmt_FOUND TRUE)
  endif()
  set(CLI11_INCLUDE_DIR /usr/include)
else()
  find_package(fmt CONFIG QUIET)
endif()
wasmaot_require(fmt_FOUND libfmt-dev "the fmt library")

# fmt for our own targets: its headers, and its implementation compiled once
# into a static library (frontend/src/support/fmt_impl.cpp) instead of
# libfmt.so. With that and a static libstdc++, the `wasmaot` CLI loads no C++
# shared library until it needs the compiler, which is most of the start-up
# cost of `wasmaot run app.so` (bench/startup.sh). The installed runtime
# libraries (Package.cmake) still link fmt::fmt for embedders.
if(WASMAOT_HEADER_ONLY_DEPS)
  add_library(wasmaot-fmt INTERFACE)
  target_link_libraries(wasmaot-fmt INTERFACE fmt::fmt)
else()
  add_library(wasmaot-fmt STATIC
    ${PROJECT_SOURCE_DIR}/frontend/src/support/fmt_impl.cpp)
  get_target_property(WASMAOT_FMT_INCLUDE fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
  target_include_directories(wasmaot-fmt SYSTEM PUBLIC ${WASMAOT_FMT_INCLUDE})
  # As fmt::fmt does: only sets FMT_API's visibility, and keeps every
  # object's command line (and so the build cache) unchanged.
  target_compile_definitions(wasmaot-fmt PUBLIC FMT_SHARED)
endif()

if(NOT WASMAOT_HEADER_ONLY_DEPS)
  find_package(CLI11 CONFIG QUIET)
endif()
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp)
  if(CLI11_INCLUDE_DIR)
    add_library(CLI11::CLI11 INTERFACE IMPORTED)
    target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
    set(CLI11_FOUND TRUE)
  endif()
endif()
wasmaot_require(CLI11_FOUND libcli11-dev "CLI11")

if(WASMAOT_COMPILER)
  # No version argument: LLVMConfigVersion.cmake only accepts a request that
  # names major.minor ("19" alone never matches 19.1.x), so check the major.
  find_package(LLVM CONFIG QUIET PATHS /usr/lib/llvm-19/lib/cmake/llvm
               NO_DEFAULT_PATH)
  if(LLVM_FOUND AND NOT LLVM_VERSION_MAJOR EQUAL 19)
    set(LLVM_FOUND FALSE)
  endif()
  wasmaot_require(LLVM_FOUND llvm-19-dev "LLVM 19")
  find_package(LLD CONFIG QUIET PATHS /usr/lib/llvm-19/lib/cmake/lld
               NO_DEFAULT_PATH)
  wasmaot_require(LLD_FOUND liblld-19-dev "lld 19 (liblld)")
  message(STATUS "wasmaot: LLVM ${LLVM_PACKAGE_VERSION} at ${LLVM_DIR}")
endif()

if(WASMAOT_TESTS AND WASMAOT_UNIT_TESTS)
  find_package(GTest CONFIG QUIET)
  if(NOT GTest_FOUND)
    find_package(GTest QUIET)
  endif()
  wasmaot_require(GTest_FOUND libgtest-dev "GoogleTest")
endif()
if(WASMAOT_TESTS)
  if(WASMAOT_HEADER_ONLY_DEPS)
    find_path(NLOHMANN_INCLUDE_DIR nlohmann/json.hpp PATHS /usr/include
              NO_DEFAULT_PATH)
    if(NLOHMANN_INCLUDE_DIR)
      add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
      target_include_directories(nlohmann_json::nlohmann_json
                                 INTERFACE ${NLOHMANN_INCLUDE_DIR})
      set(nlohmann_json_FOUND TRUE)
    endif()
  else()
    find_package(nlohmann_json 3 CONFIG QUIET)
  endif()
  wasmaot_require(nlohmann_json_FOUND nlohmann-json3-dev
                  "nlohmann-json (the spec test runner reads wast2json output)")
endif()
