# The installable package (`cmake --install`): the runtime library for
# hosts, shared (libwasmaot-runtime.so, imported target wasmaot::runtime)
# and static (libwasmaot-runtime.a, wasmaot::runtime_static), its public
# headers (runtime/include, the runtime/abi headers and the two frontend
# vocabulary headers they include), the `wasmaot` CLI, a CMake package
# (find_package(wasmaot CONFIG)) and a pkg-config file (wasmaot.pc).
#
# The installed libraries are self-contained: the in-tree wasmaot-runtime
# archive plus the frontend's vocabulary sources it calls (type printing,
# Error formatting), never the decoder, validator or anything of LLVM.
# Hosts need fmt (the headers use it) and, for the static library, libdl and
# pthreads. The in-tree targets are untouched; these exist for installing.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WASMAOT_PACKAGE_LIB_DIR ${PROJECT_BINARY_DIR}/package/lib)
set(WASMAOT_VOCAB_SOURCES
  ${PROJECT_SOURCE_DIR}/frontend/src/types.cpp
  ${PROJECT_SOURCE_DIR}/frontend/src/support/error.cpp)
find_package(Threads REQUIRED)

foreach(kind shared static)
  string(TOUPPER ${kind} KIND)
  set(t wasmaot-runtime-${kind})
  add_library(${t} ${KIND}
    $<TARGET_OBJECTS:wasmaot-runtime> ${WASMAOT_VOCAB_SOURCES})
  set_target_properties(${t} PROPERTIES
    OUTPUT_NAME wasmaot-runtime
    ARCHIVE_OUTPUT_DIRECTORY ${WASMAOT_PACKAGE_LIB_DIR}
    LIBRARY_OUTPUT_DIRECTORY ${WASMAOT_PACKAGE_LIB_DIR})
  target_include_directories(${t}
    PRIVATE ${PROJECT_SOURCE_DIR}/frontend/include
    INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${t} INTERFACE cxx_std_20)
  target_link_libraries(${t} PUBLIC fmt::fmt)
endforeach()
set_target_properties(wasmaot-runtime-shared PROPERTIES
  EXPORT_NAME runtime
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
target_link_libraries(wasmaot-runtime-shared PRIVATE ${CMAKE_DL_LIBS}
                      Threads::Threads)
set_target_properties(wasmaot-runtime-static PROPERTIES
  EXPORT_NAME runtime_static)
target_link_libraries(wasmaot-runtime-static INTERFACE ${CMAKE_DL_LIBS}
                      Threads::Threads)

# Cross builds use fmt header-only through an interface target of our own
# (Dependencies.cmake) that cannot be exported: they install nothing.
if(NOT WASMAOT_HEADER_ONLY_DEPS)
install(TARGETS wasmaot-runtime-shared wasmaot-runtime-static
  EXPORT wasmaotTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS wasmaot RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The CLI links libLLVM-19.so, which Debian keeps outside the linker's
# default path: keep the directories it was linked from.
set_target_properties(wasmaot PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
if(TARGET wasmaot-compiler)
  # The compiler plugin the CLI dlopens from bin/../<libdir>/wasmaot
  # (codegen/CMakeLists.txt, WASMAOT_PLUGIN_RELDIR).
  install(TARGETS wasmaot-compiler
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/wasmaot)
  set_target_properties(wasmaot-compiler PROPERTIES
                        INSTALL_RPATH_USE_LINK_PATH TRUE)
endif()

install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/
                  ${PROJECT_SOURCE_DIR}/runtime/abi/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  # The component model API is not public yet.
  PATTERN component EXCLUDE
  PATTERN component.h EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/frontend/include/wasmaot/frontend/types.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wasmaot/frontend)
install(FILES
  ${PROJECT_SOURCE_DIR}/frontend/include/wasmaot/frontend/support/error.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wasmaot/frontend/support)

set(WASMAOT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wasmaot)
install(EXPORT wasmaotTargets NAMESPACE wasmaot::
        DESTINATION ${WASMAOT_CMAKE_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/wasmaotConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/wasmaotConfig.cmake
  INSTALL_DESTINATION ${WASMAOT_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/package/wasmaotConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
file(RELATIVE_PATH WASMAOT_PC_PREFIX_REL
     /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(${PROJECT_SOURCE_DIR}/cmake/wasmaot.pc.in
               ${PROJECT_BINARY_DIR}/package/wasmaot.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/wasmaotConfig.cmake
              ${PROJECT_BINARY_DIR}/package/wasmaotConfigVersion.cmake
        DESTINATION ${WASMAOT_CMAKE_DIR})
install(FILES ${PROJECT_BINARY_DIR}/package/wasmaot.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
