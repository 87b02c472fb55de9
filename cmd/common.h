// Helpers shared by the `wasmaot` subcommands: reading input files with clear
// I/O errors, recognising what kind of file the user handed us, printing
// diagnostics in the one format (`FILE:0xOFF: error: ...` plus `note:` lines)
// and the exit codes every subcommand documents. Subcommand logic lives in
// cmd_<name>.cpp; nothing here parses command lines.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/frontend/limits.h"
#include "wasmaot/frontend/module.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::cli {

/// Exit codes shared by every subcommand (documented in each `--help`).
enum ExitCode : int {
  kExitOk = 0,     ///< everything succeeded
  kExitFailed = 1, ///< an input is malformed, invalid, unsupported, ...
  kExitUsage = 2,  ///< bad command line, or a file could not be read
  kExitTrap = 3,   ///< `wasmaot run`: the wasm code trapped
};

/// The help footer that documents the exit codes above.
std::string exitCodeHelp(std::string_view FailedMeaning);

/// The exit code for a failure of kind \p K: I/O errors are 2, anything
/// about the input itself is 1.
int exitCodeFor(ErrorKind K);

/// Ends the process with exit status \p Code at once: C stdio is flushed,
/// no destructor or atexit handler runs. The kernel takes back an
/// instance's mappings, descriptors and memory faster than tearing them
/// down one by one (bench/startup.sh). Sanitizer builds return \p Code
/// instead, so that leak checking still sees everything freed.
int exitNow(int Code);

/// Reads a whole file into memory; "-" reads standard input. Errors are
/// ErrorKind::Io (cannot open or read, is a directory) or ErrorKind::Limit
/// (larger than \p MaxSize bytes, checked before reading when the size is
/// known and while reading otherwise).
Expected<std::vector<uint8_t>>
readFileBytes(const std::string &Path,
              uint64_t MaxSize = frontend::limits::kMaxModuleSize);

/// What a byte string looks like, judged from its first bytes only.
enum class FileKind : uint8_t {
  CoreModule, ///< `\0asm` + version 1
  Component,  ///< `\0asm` + the component-model version/layer
  Elf,        ///< an ELF file (for example a compiled wasmaot artifact)
  WasmText,   ///< starts like the text format: `(` or `;;` after spaces
  Unknown,
};
FileKind sniffFileKind(std::span<const uint8_t> Bytes);

/// Decodes a core module. On failure the error says what the frontend found
/// and, when the file is something else we recognise (text format, a
/// component, an ELF file), a note says what it is and what to do instead.
Expected<frontend::Module>
readCoreModule(std::span<const uint8_t> Bytes,
               const frontend::ReadOptions &Opts = {});

/// Prints \p E for \p File to standard error: `FILE:0xOFF: error: ...`
/// followed by `FILE: note: ...` lines.
void printError(std::string_view File, const Error &E);

/// True if \p A and \p B name the same file: the same inode when both
/// exist, else the same canonical path.
bool sameFile(const std::string &A, const std::string &B);

/// Writes \p Bytes to \p Path through a temporary file in the same
/// directory renamed over it, so a failure leaves \p Path as it was.
Status writeFileAtomically(const std::string &Path,
                           std::span<const uint8_t> Bytes);

/// \p S with control characters, quotes and backslashes escaped, in double
/// quotes: safe to print to a terminal whatever a module's names contain.
std::string quoteName(std::string_view S);

} // namespace wasmaot::cli
