// Traps as values (spec 4.4.1): a Trap says which trap happened (abi::TrapCode
// and its spec message) and where (the wasm frames, innermost first, with
// function index and name from the artifact). Outcome<T> is what anything
// that runs wasm returns: a value, a Trap, or an Error for things that are
// not traps (wrong argument types, unlinkable imports, ...).
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "wasmaot/abi/traps.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::runtime {

using abi::TrapCode;

struct TrapFrame {
  uint32_t FuncIndex = 0; ///< in the module's function index space
  std::string FuncName;   ///< from the name section; empty if unknown
  std::string ModuleName; ///< the artifact's module name or path
  uintptr_t Pc = 0;       ///< native return address (or faulting pc)
};

struct Trap {
  TrapCode Code = TrapCode::Unreachable;
  std::string Message; ///< the spec's text for Code unless a host says more
  std::vector<TrapFrame> Frames; ///< innermost first
  int32_t ExitStatus = 0;        ///< for TrapCode::Exit (WASI proc_exit)

  static Trap fromCode(TrapCode C) { return Trap{C, abi::trapMessage(C), {}, 0}; }
  /// A trap raised by a host function, with its own message.
  static Trap host(std::string Message) {
    return Trap{TrapCode::HostTrap, std::move(Message), {}, 0};
  }
  static Trap exit(int32_t Status) {
    return Trap{TrapCode::Exit, "exit with status " + std::to_string(Status),
                {}, Status};
  }

  /// "wasm trap: MESSAGE" then one "  #N FUNC-NAME (func I)" line per frame.
  std::string format() const;
};

/// A value, a Trap, or an Error.
template <typename T> class [[nodiscard]] Outcome {
public:
  Outcome(T V) : S(std::in_place_index<0>, std::move(V)) {}
  Outcome(Trap Tr) : S(std::in_place_index<1>, std::move(Tr)) {}
  Outcome(Error E) : S(std::in_place_index<2>, std::move(E)) {}

  bool ok() const { return S.index() == 0; }
  explicit operator bool() const { return ok(); }
  bool isTrap() const { return S.index() == 1; }
  bool isError() const { return S.index() == 2; }

  T &operator*() { return assert(ok()), std::get<0>(S); }
  const T &operator*() const { return assert(ok()), std::get<0>(S); }
  T *operator->() { return &**this; }
  const T *operator->() const { return &**this; }
  const Trap &trap() const { return std::get<1>(S); }
  Trap takeTrap() { return std::move(std::get<1>(S)); }
  const Error &error() const { return std::get<2>(S); }
  Error takeError() { return std::move(std::get<2>(S)); }

  /// Message of the trap or error (for tests and logs).
  std::string message() const {
    if (isTrap())
      return trap().Message;
    if (isError())
      return error().Message;
    return "";
  }

private:
  std::variant<T, Trap, Error> S;
};

} // namespace wasmaot::runtime
