// ExecBackend: runs spec scripts on compiled code. Each module is compiled
// by codegen (cached by content and options), loaded by the runtime, linked
// against the `spectest` host module and the instances registered so far,
// and instantiated in one Store per script.
//
// For another architecture the work is split in two runs sharing a cache
// directory: ExecMode::CompileOnly (on the build host, with the compiler)
// compiles every valid module for the target and runs nothing;
// ExecMode::Precompiled (on the target, e.g. under qemu, in a runtime-only
// build) only loads those artifacts and runs the script.
#pragma once

#include <map>
#include <memory>

#include "backend.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/runtime/runtime.h"

namespace wasmaot::spec {

enum class ExecMode : uint8_t { Run, CompileOnly, Precompiled };

struct ExecOptions {
  ExecMode Mode = ExecMode::Run;
  unsigned OptLevel = 2;
  bool ExplicitBounds = false;
  std::string Target; ///< empty: the host
  /// Directory of cached artifacts (empty: no cache; required for
  /// CompileOnly and Precompiled).
  std::string CacheDir;
  /// Wasm 2.0 for its testsuite, whose assert_invalid cases Wasm 3.0 relaxes.
  frontend::FeatureSet Features = frontend::FeatureSet::wasm2();
};

class ExecBackend final : public Backend {
public:
  ExecBackend(runtime::Engine &E, const ExecOptions &Opts);
  ~ExecBackend() override;

  std::string_view name() const override { return Name; }
  bool canExecute() const override {
    return Opts.Mode != ExecMode::CompileOnly;
  }
  Status validate(std::span<const uint8_t> Bytes) override;
  Status instantiate(std::span<const uint8_t> Bytes,
                     const std::optional<std::string> &Name,
                     std::optional<ActionResult> &Trap) override;
  Status registerAs(const std::optional<std::string> &Name,
                    const std::string &As) override;
  Expected<ActionResult> perform(const Action &A) override;

private:
  Expected<std::shared_ptr<runtime::Module>>
  compile(std::span<const uint8_t> Bytes);
  std::string cachePath(std::span<const uint8_t> Bytes) const;
  Status compileToCache(std::span<const uint8_t> Bytes);
  Expected<runtime::Instance *> instanceFor(const std::optional<std::string> &N);
  void defineSpectest();
  frontend::ReadOptions readOptions() const {
    frontend::ReadOptions RO;
    RO.Features = Opts.Features;
    return RO;
  }

  runtime::Engine &Eng;
  ExecOptions Opts;
  std::string Name;
  std::unique_ptr<runtime::Store> St;
  runtime::Linker Link;
  runtime::Instance *Current = nullptr;
  std::map<std::string, runtime::Instance *> Named;
};

/// Converts a script value to a runtime value (externref N is the opaque
/// pointer N+1, so `ref.extern 0` is not null).
Expected<runtime::Val> toVal(const Value &V);
RuntimeValue fromVal(const runtime::Val &V);

} // namespace wasmaot::spec
