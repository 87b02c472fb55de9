# Cross-compiling the runtime-only wasmaot (no LLVM) for aarch64 Linux with
# Debian's g++-aarch64-linux-gnu:
#
#   cmake -S . -B build/aarch64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#     -DWASMAOT_COMPILER=OFF -DWASMAOT_TESTS=OFF
#   ninja -C build/aarch64 wasmaot
#
# fmt and CLI11 are used header-only from the host's /usr/include (Debian has
# no arm64 build of them installed by default); everything else comes from
# the cross sysroot /usr/aarch64-linux-gnu. Run the result on x86-64 with
# `qemu-aarch64 -L /usr/aarch64-linux-gnu build/aarch64/cmd/wasmaot ...`.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/usr/aarch64-linux-gnu)
set(WASMAOT_HEADER_ONLY_DEPS ON CACHE BOOL "fmt/CLI11 header-only" FORCE)
