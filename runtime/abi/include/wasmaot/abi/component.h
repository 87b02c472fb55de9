// The component artifact: what `wasmaot compile comp.wasm` writes for a
// component. An ELF shared object exporting
//
//   wasmaot_component       uint8_t[]  ComponentMeta, encoded below
//   wasmaot_component_size  uint64_t   its length
//
// ComponentMeta holds every core module of the component compiled to an
// ordinary module artifact (abi/artifact.h) and the component's
// instantiation plan: the component's nesting, instances, aliases and canon
// definitions evaluated at compile time (codegen/src/component_plan.cpp)
// into a flat list the runtime executes without decoding any wasm:
//
//   1. create each Lower (a core function made from a component function:
//      a host import or another Lift) and each resource built-in,
//   2. instantiate core modules in order, each import a CoreItem,
//   3. export Lifts (component functions made from core functions) under
//      their names ("add", or "ns:pkg/iface#add" for an exported instance).
//
// Each Lift may name a compiled adapter (abi/component_adapter.h, code in
// this same shared object) that specialises its lifting and lowering.
//
// Writer: codegen/src/component_plan.cpp + component_writer.cpp. Reader:
// runtime/src/component/. Both use encode/decode below.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/frontend/cabi.h"

namespace wasmaot::abi::component {

namespace cabi = frontend::cabi;

inline constexpr const char *kSymComponent = "wasmaot_component";
inline constexpr const char *kSymComponentSize = "wasmaot_component_size";
inline constexpr char kComponentMagic[8] = {'W', 'A', 'O', 'T', 'C', 'O', 'M', 'P'};
// 4: adapters for functions with own/borrow (AdapterEnv::LowerHandle...).
// 5: lower adapters (Lower::Adapter, AdapterEnv::CallHost).
inline constexpr uint32_t kComponentFormatVersion = 5;

/// A core function, table, memory or global the plan refers to.
struct CoreItem {
  enum Kind : uint8_t {
    Export,       ///< export Name of core instance Instance
    Lowered,      ///< Lowers[Index]
    ResourceNew,  ///< resource.new of Resources[Index]
    ResourceDrop, ///< resource.drop of Resources[Index]
    ResourceRep,  ///< resource.rep of Resources[Index]
  };
  Kind K = Export;
  uint32_t Instance = 0;
  uint32_t Index = 0;
  std::string Name;
};

enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };

struct Options {
  StringEncoding Encoding = StringEncoding::Utf8;
  std::optional<CoreItem> Memory, Realloc, PostReturn;
};

/// Instantiate Modules[Module]; Imports in the module's import order.
struct Instantiation {
  uint32_t Module = 0;
  std::vector<CoreItem> Imports;
};

/// A component function.
struct FuncRef {
  enum Kind : uint8_t { Import, Lift };
  Kind K = Import;
  uint32_t Index = 0; ///< Imports[Index] or Lifts[Index]
};

struct Lift {
  CoreItem Callee; ///< a core function
  Options Opts;
  cabi::FuncType Type;
  uint32_t Instance = 0; ///< the component instance (handle table) it runs in
  /// Index in the artifact's compiled adapters (abi/component_adapter.h),
  /// or -1: this Lift is called through the dynamic Canonical ABI.
  int32_t Adapter = -1;
};

struct Lower {
  FuncRef Callee;
  Options Opts;
  cabi::FuncType Type;
  uint32_t Instance = 0; ///< the component instance whose code calls it
  /// Index of its lower adapter in the artifact's adapter table (after the
  /// Lifts' adapters; abi/component_adapter.h), or -1: the dynamic path.
  int32_t Adapter = -1;
};

inline constexpr uint32_t kHostInstance = ~0u;

struct Resource {
  std::string Name;
  std::optional<CoreItem> Dtor;
  uint32_t Instance = 0; ///< the component instance that defined it
  /// Imported from the host (Instance is then kHostInstance): Name is the
  /// import path, "ns:pkg/iface@ver#name".
  bool Host = false;
};

/// A host function the component imports ("name" or "ns:pkg/iface#name").
struct Import {
  std::string Name;
  cabi::FuncType Type;
};

struct Export {
  std::string Name;
  uint32_t Lift = 0;
};

struct ComponentMeta {
  uint32_t FormatVersion = kComponentFormatVersion;
  uint64_t AbiHash = abiHash();
  std::string CompilerVersion;
  std::string Target;
  std::string Name;
  /// Each an encoded module artifact (abi/artifact.h): an ELF .so image.
  std::vector<std::vector<uint8_t>> Modules;
  std::vector<Instantiation> Instantiations;
  std::vector<Import> Imports;
  std::vector<Lift> Lifts;
  std::vector<Lower> Lowers;
  std::vector<Resource> Resources;
  std::vector<Export> Exports;
  uint32_t NumComponentInstances = 1;
};

// ---- Encoding (MetaWriter/MetaReader of abi/artifact.h).

namespace detail {

inline void putType(MetaWriter &W, const cabi::TypeRef &T) {
  if (!T) {
    W.b(0xff);
    return;
  }
  W.b(uint8_t(T->K));
  W.s(T->Name);
  W.u(T->Labels.size());
  for (const std::string &L : T->Labels)
    W.s(L);
  W.u(T->Elems.size());
  for (const cabi::TypeRef &E : T->Elems)
    putType(W, E);
  W.u(T->Length);
  W.u(T->Resource);
}

inline cabi::TypeRef getType(MetaReader &R, unsigned Depth = 0) {
  uint8_t K = R.b();
  if (K == 0xff || R.Failed)
    return nullptr;
  if (K > uint8_t(cabi::Kind::Borrow) || Depth > 200) {
    R.Failed = true;
    return nullptr;
  }
  cabi::Type T;
  T.K = cabi::Kind(K);
  T.Name = R.s();
  uint64_t NL = R.u();
  for (uint64_t I = 0; I < NL && !R.Failed; ++I)
    T.Labels.push_back(R.s());
  uint64_t NE = R.u();
  for (uint64_t I = 0; I < NE && !R.Failed; ++I)
    T.Elems.push_back(getType(R, Depth + 1));
  T.Length = uint32_t(R.u());
  T.Resource = uint32_t(R.u());
  if (R.Failed)
    return nullptr;
  // Shape checks so finish() never reads past what it was given.
  using cabi::Kind;
  size_t Want = T.Elems.size();
  switch (T.K) {
  case Kind::List: case Kind::Option: Want = 1; break;
  case Kind::Result: Want = 2; break;
  case Kind::Record: case Kind::Variant: Want = T.Labels.size(); break;
  default: break;
  }
  bool NullOk = T.K == Kind::Variant || T.K == Kind::Result;
  if (T.Elems.size() != Want || (T.K == Kind::Enum && T.Labels.empty()) ||
      (T.K == Kind::Variant && T.Labels.empty())) {
    R.Failed = true;
    return nullptr;
  }
  for (const cabi::TypeRef &E : T.Elems)
    if (!E && !NullOk) {
      R.Failed = true;
      return nullptr;
    }
  return cabi::makeType(std::move(T));
}

inline void putFunc(MetaWriter &W, const cabi::FuncType &F) {
  W.u(F.Params.size());
  for (size_t I = 0; I < F.Params.size(); ++I) {
    W.s(I < F.ParamNames.size() ? F.ParamNames[I] : "");
    putType(W, F.Params[I]);
  }
  W.u(F.Results.size());
  for (const cabi::TypeRef &T : F.Results)
    putType(W, T);
}

inline cabi::FuncType getFunc(MetaReader &R) {
  cabi::FuncType F;
  uint64_t N = R.u();
  for (uint64_t I = 0; I < N && !R.Failed; ++I) {
    F.ParamNames.push_back(R.s());
    F.Params.push_back(getType(R));
    if (!F.Params.back())
      R.Failed = true;
  }
  uint64_t NR = R.u();
  for (uint64_t I = 0; I < NR && !R.Failed; ++I) {
    F.Results.push_back(getType(R));
    if (!F.Results.back())
      R.Failed = true;
  }
  return F;
}

inline void putItem(MetaWriter &W, const CoreItem &I) {
  W.b(I.K);
  W.u(I.Instance);
  W.u(I.Index);
  W.s(I.Name);
}

inline CoreItem getItem(MetaReader &R) {
  CoreItem I;
  uint8_t K = R.b();
  if (K > CoreItem::ResourceRep)
    R.Failed = true;
  I.K = CoreItem::Kind(K);
  I.Instance = uint32_t(R.u());
  I.Index = uint32_t(R.u());
  I.Name = R.s();
  return I;
}

inline void putOpt(MetaWriter &W, const std::optional<CoreItem> &I) {
  W.b(I.has_value());
  if (I)
    putItem(W, *I);
}

inline std::optional<CoreItem> getOpt(MetaReader &R) {
  if (!R.b())
    return std::nullopt;
  return getItem(R);
}

inline void putOptions(MetaWriter &W, const Options &O) {
  W.b(uint8_t(O.Encoding));
  putOpt(W, O.Memory);
  putOpt(W, O.Realloc);
  putOpt(W, O.PostReturn);
}

inline Options getOptions(MetaReader &R) {
  Options O;
  uint8_t E = R.b();
  if (E > 2)
    R.Failed = true;
  O.Encoding = StringEncoding(E);
  O.Memory = getOpt(R);
  O.Realloc = getOpt(R);
  O.PostReturn = getOpt(R);
  return O;
}

} // namespace detail

inline std::vector<uint8_t> encodeComponentMeta(const ComponentMeta &M) {
  using namespace detail;
  MetaWriter W;
  W.Out.insert(W.Out.end(), kComponentMagic, kComponentMagic + 8);
  W.u(M.FormatVersion);
  W.u(M.AbiHash);
  W.s(M.CompilerVersion);
  W.s(M.Target);
  W.s(M.Name);
  W.u(M.Modules.size());
  for (const auto &Mod : M.Modules)
    W.s(std::string_view(reinterpret_cast<const char *>(Mod.data()),
                         Mod.size()));
  W.u(M.Instantiations.size());
  for (const Instantiation &I : M.Instantiations) {
    W.u(I.Module);
    W.u(I.Imports.size());
    for (const CoreItem &C : I.Imports)
      putItem(W, C);
  }
  W.u(M.Imports.size());
  for (const Import &I : M.Imports) {
    W.s(I.Name);
    putFunc(W, I.Type);
  }
  W.u(M.Lifts.size());
  for (const Lift &L : M.Lifts) {
    putItem(W, L.Callee);
    putOptions(W, L.Opts);
    putFunc(W, L.Type);
    W.u(L.Instance);
    W.u(uint64_t(int64_t(L.Adapter) + 1));
  }
  W.u(M.Lowers.size());
  for (const Lower &L : M.Lowers) {
    W.b(L.Callee.K);
    W.u(L.Callee.Index);
    putOptions(W, L.Opts);
    putFunc(W, L.Type);
    W.u(L.Instance);
    W.u(uint64_t(int64_t(L.Adapter) + 1));
  }
  W.u(M.Resources.size());
  for (const Resource &R : M.Resources) {
    W.s(R.Name);
    putOpt(W, R.Dtor);
    W.u(R.Instance);
    W.b(R.Host);
  }
  W.u(M.Exports.size());
  for (const Export &E : M.Exports) {
    W.s(E.Name);
    W.u(E.Lift);
  }
  W.u(M.NumComponentInstances);
  return std::move(W.Out);
}

/// Decodes; nullopt if the bytes are not a well-formed ComponentMeta. With
/// \p HeaderOnly, stops after the header (version, ABI hash, compiler,
/// target, name) so a mismatch can be reported.
inline std::optional<ComponentMeta>
decodeComponentMeta(std::span<const uint8_t> In, bool HeaderOnly = false) {
  using namespace detail;
  if (In.size() < 8 || std::memcmp(In.data(), kComponentMagic, 8) != 0)
    return std::nullopt;
  MetaReader R(In.subspan(8));
  ComponentMeta M;
  M.FormatVersion = uint32_t(R.u());
  M.AbiHash = R.u();
  M.CompilerVersion = R.s();
  M.Target = R.s();
  M.Name = R.s();
  if (R.Failed)
    return std::nullopt;
  if (HeaderOnly || M.FormatVersion != kComponentFormatVersion ||
      M.AbiHash != abiHash())
    return M;
  auto Count = [&R] { return R.count(); };
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    std::string Bytes = R.s();
    M.Modules.emplace_back(Bytes.begin(), Bytes.end());
  }
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    Instantiation Inst;
    Inst.Module = uint32_t(R.u());
    for (uint64_t J = 0, NI = Count(); J < NI && !R.Failed; ++J)
      Inst.Imports.push_back(getItem(R));
    M.Instantiations.push_back(std::move(Inst));
  }
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    Import Imp;
    Imp.Name = R.s();
    Imp.Type = getFunc(R);
    M.Imports.push_back(std::move(Imp));
  }
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    Lift L;
    L.Callee = getItem(R);
    L.Opts = getOptions(R);
    L.Type = getFunc(R);
    L.Instance = uint32_t(R.u());
    L.Adapter = int32_t(R.u()) - 1;
    M.Lifts.push_back(std::move(L));
  }
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    Lower L;
    uint8_t K = R.b();
    if (K > FuncRef::Lift)
      R.Failed = true;
    L.Callee.K = FuncRef::Kind(K);
    L.Callee.Index = uint32_t(R.u());
    L.Opts = getOptions(R);
    L.Type = getFunc(R);
    L.Instance = uint32_t(R.u());
    L.Adapter = int32_t(R.u()) - 1;
    M.Lowers.push_back(std::move(L));
  }
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    Resource Res;
    Res.Name = R.s();
    Res.Dtor = getOpt(R);
    Res.Instance = uint32_t(R.u());
    Res.Host = R.b();
    M.Resources.push_back(std::move(Res));
  }
  for (uint64_t I = 0, N = Count(); I < N && !R.Failed; ++I) {
    Export E;
    E.Name = R.s();
    E.Lift = uint32_t(R.u());
    M.Exports.push_back(std::move(E));
  }
  M.NumComponentInstances = uint32_t(R.u());
  if (R.Failed || !R.atEnd())
    return std::nullopt;
  // Cross-references in range.
  auto ItemOk = [&M](const CoreItem &C, size_t InstancesSoFar) {
    switch (C.K) {
    case CoreItem::Export: return C.Instance < InstancesSoFar;
    case CoreItem::Lowered: return C.Index < M.Lowers.size();
    default: return C.Index < M.Resources.size();
    }
  };
  size_t NI = M.Instantiations.size();
  for (size_t I = 0; I < NI; ++I) {
    if (M.Instantiations[I].Module >= M.Modules.size())
      return std::nullopt;
    for (const CoreItem &C : M.Instantiations[I].Imports)
      if (!ItemOk(C, I))
        return std::nullopt;
  }
  auto OptsOk = [&](const Options &O) {
    for (const auto *C : {&O.Memory, &O.Realloc, &O.PostReturn})
      if (*C && !ItemOk(**C, NI))
        return false;
    return true;
  };
  for (const Lift &L : M.Lifts)
    if (!ItemOk(L.Callee, NI) || !OptsOk(L.Opts) ||
        L.Instance >= M.NumComponentInstances || L.Adapter < -1 ||
        L.Adapter >= int64_t(M.Lifts.size() + M.Lowers.size()))
      return std::nullopt;
  for (const Lower &L : M.Lowers)
    if (!OptsOk(L.Opts) || L.Instance >= M.NumComponentInstances ||
        L.Adapter < -1 ||
        L.Adapter >= int64_t(M.Lifts.size() + M.Lowers.size()) ||
        L.Callee.Index >= (L.Callee.K == FuncRef::Import ? M.Imports.size()
                                                         : M.Lifts.size()))
      return std::nullopt;
  for (const Resource &Res : M.Resources)
    if ((Res.Dtor && !ItemOk(*Res.Dtor, NI)) ||
        (!Res.Host && Res.Instance >= M.NumComponentInstances))
      return std::nullopt;
  for (const Export &E : M.Exports)
    if (E.Lift >= M.Lifts.size())
      return std::nullopt;
  return M;
}

} // namespace wasmaot::abi::component
