// Mapping an artifact's ELF shared object without the dynamic loader (see
// elf_map.cpp); dl.cpp's loadSharedObject tries it before dlopen.
#pragma once

#include <optional>
#include <span>

#include "../sys.h"

namespace wasmaot::runtime::sys {

/// Maps the shared object \p Bytes (the content of the file \p Fd) from
/// \p Fd and relocates it, or nullopt when it needs the dynamic loader
/// (dependencies, initialisers, TLS, symbol relocations, anything unknown)
/// or cannot be mapped: the caller then uses dlopen.
std::optional<SharedObject> mapElfDirectly(int Fd, std::span<const uint8_t> Bytes);
/// A symbol of an object mapElfDirectly mapped, or null.
void *findMappedSymbol(const SharedObject &SO, const char *Name);
void unmapElf(SharedObject &SO);

} // namespace wasmaot::runtime::sys
