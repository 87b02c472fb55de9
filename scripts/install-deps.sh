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
  pkgconf  # the installed package's wasmaot.pc (tests/package/)
  nodejs python3  # the differential test against V8 (tests/diff/)
  wasi-libc libclang-rt-19-dev-wasm32
  rustc libstd-rust-dev-wasm32  # Rust guests of the WASI conformance tests (tests/wasi/)
  libclang-rt-19-dev  # ASan, UBSan and libFuzzer runtimes for the asan/fuzz presets
  g++-aarch64-linux-gnu qemu-user  # the aarch64 runtime, tested under qemu
  libbenchmark-dev  # bench/instantiate, the instantiation microbenchmark (optional)
)
PACKAGES=("${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}")

# Node tooling for the component-model tests (jco, pinned in
# tools/package-lock.json), when node and npm are there; without it those
# tests report themselves skipped.
install_node_tools() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if command -v npm >/dev/null 2>&1 && [[ -f "$root/tools/package-lock.json" ]]; then
    if [[ ! -d "$root/tools/node_modules/@bytecodealliance/jco" ]]; then
      echo "install-deps: npm ci --prefix tools"
      npm ci --prefix "$root/tools" --no-audit --no-fund >/dev/null
    fi
  else
    echo "install-deps: npm not found: the component-model tests will be skipped"
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  install_node_tools
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
install_node_tools
