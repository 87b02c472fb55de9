// The engine a spec script runs against. The runner (script_runner.cpp)
// decides what each command expects; a Backend only does what the engine
// does: decode and validate, instantiate, register, run an action. One
// Backend instance serves one script on one thread.
//
// Today there is ValidateBackend (decode + validate through the frontend, no
// execution), and the runner counts every command that needs execution as
// skipped. The compiler issue adds a backend that compiles each module with
// codegen, loads it with the runtime, links it against the `spectest` host
// module and registered instances, and runs actions; the runner's dispatch
// already routes every command type to it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "wasmaot/frontend/features.h"
#include "wasmaot/frontend/support/error.h"
#include "wasmaot/frontend/types.h"

namespace wasmaot::spec {

/// A value crossing the host boundary: numbers and v128 as raw bits (little
/// endian lanes in Bits[0] low..Bits[1] high), references as null or an
/// opaque non-null payload (`ref.extern N` carries N).
struct RuntimeValue {
  frontend::ValType Type = frontend::ValType::I32;
  std::array<uint64_t, 2> Bits{};
  bool IsNullRef = false;
};

/// What an action did.
struct ActionResult {
  enum class Kind : uint8_t {
    Returned,  ///< Values holds the results
    Trapped,   ///< Message holds the trap message
    Exhausted, ///< call stack exhaustion
  };
  Kind K = Kind::Returned;
  std::vector<RuntimeValue> Values;
  std::string Message;
};

class Backend {
public:
  virtual ~Backend() = default;

  virtual std::string_view name() const = 0;

  /// Whether instantiate(), registerAs() and perform() work. If not, the
  /// runner counts the commands that need them as skipped.
  virtual bool canExecute() const = 0;

  /// Decodes and validates a binary module without instantiating it. The
  /// error's kind is what assert_malformed (Malformed) and assert_invalid
  /// (Invalid) check.
  virtual Status validate(std::span<const uint8_t> Bytes) = 0;

  /// Instantiates a module that validate() accepted; it becomes the current
  /// module and, when \p Name is set ("$M"), can be named by later commands.
  /// Unsatisfiable imports are ErrorKind::Link (assert_unlinkable); a trap
  /// while instantiating is reported through \p Trap (assert_uninstantiable).
  virtual Status instantiate(std::span<const uint8_t> Bytes,
                             const std::optional<std::string> &Name,
                             std::optional<ActionResult> &Trap) = 0;

  /// Makes the exports of module \p Name (unset: the current one) importable
  /// under the module name \p As.
  virtual Status registerAs(const std::optional<std::string> &Name,
                            const std::string &As) = 0;

  /// Invokes an export or reads an exported global. Errors are harness
  /// problems (no such module or export, bad argument), not traps.
  virtual Expected<ActionResult> perform(const Action &A) = 0;
};

/// Decode + validate only, through wasmaot's frontend (Wasm 2.0 features
/// unless told otherwise).
class ValidateBackend final : public Backend {
public:
  explicit ValidateBackend(
      unsigned ValidateJobs = 1,
      frontend::FeatureSet Features = frontend::FeatureSet::wasm2())
      : Jobs(ValidateJobs), Features(Features) {}

  std::string_view name() const override { return "validate"; }
  bool canExecute() const override { return false; }
  Status validate(std::span<const uint8_t> Bytes) override;
  Status instantiate(std::span<const uint8_t> Bytes,
                     const std::optional<std::string> &Name,
                     std::optional<ActionResult> &Trap) override;
  Status registerAs(const std::optional<std::string> &Name,
                    const std::string &As) override;
  Expected<ActionResult> perform(const Action &A) override;

private:
  unsigned Jobs;
  frontend::FeatureSet Features;
};

} // namespace wasmaot::spec
