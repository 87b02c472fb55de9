#!/usr/bin/env bash
# Installs every Debian 12 package wasmaot needs to build and test.
# Idempotent and non-interactive; runs as root, or through sudo when not.
# When everything is already installed it does nothing (and needs no network).
set -euo pipefail

BUILD_PACKAGES=(
  cmake ninja-build g++ ccache git
  llvm-19-dev liblld-19-dev
  libcli11-dev libfmt-dev libgtest-dev nlohmann-json3-dev
)
TEST_PACKAGES=(
  clang-19 lld-19 wabt binaryen
  wasi-libc libclang-rt-19-dev-wasm32
  libclang-rt-19-dev  # ASan, UBSan and libFuzzer runtimes for the asan/fuzz presets
  g++-aarch64-linux-gnu qemu-user  # the aarch64 runtime, tested under qemu
)
PACKAGES=("${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}")

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
