// Loading component artifacts and running their plan (abi/component.h).
#include "wasmaot/runtime/component/component.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "wasmaot/frontend/semver.h"
#include "wasmaot/runtime/artifact_file.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/memory.h"

namespace wasmaot::runtime::component {

namespace ac = abi::component;

namespace {

Error linkError(std::string Msg) {
  return Error{ErrorKind::Link, Error::kNoOffset, std::move(Msg), {}};
}
Error badArtifact(const std::string &Name, std::string Why) {
  return Error{ErrorKind::Malformed, Error::kNoOffset,
               fmt::format("'{}' is not a usable component artifact: {}", Name,
                           Why),
               {}};
}

std::string lastPart(std::string_view Name) {
  size_t H = Name.rfind('#');
  return std::string(H == std::string_view::npos ? Name : Name.substr(H + 1));
}

template <typename Map>
auto findCompatible(const Map &M, const std::string &Name)
    -> decltype(&M.begin()->second) {
  if (auto It = M.find(Name); It != M.end())
    return &It->second;
  std::string Want = frontend::semverCompatibleName(Name);
  for (const auto &[K, V] : M)
    if (frontend::semverCompatibleName(K) == Want)
      return &V;
  return nullptr;
}

} // namespace

const ComponentHostFunc *ComponentLinker::get(const std::string &Name) const {
  return findCompatible(Funcs, Name);
}

const ComponentHostLayoutFunc *
ComponentLinker::getHostLayout(const std::string &Name) const {
  return findCompatible(HostLayoutFuncs, Name);
}

const std::function<void(uint32_t)> *
ComponentLinker::resourceDrop(const std::string &Name) const {
  return findCompatible(Drops, Name);
}

bool isComponentArtifact(std::span<const uint8_t> Bytes) {
  return hasElfSymbols(Bytes, ac::kSymComponent, ac::kSymComponentSize);
}

Expected<std::shared_ptr<Component>> Component::load(Engine &E,
                                                     const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("cannot read '{}'", Path), {}};
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)),
                             std::istreambuf_iterator<char>());
  return loadBytes(E, Bytes, Path);
}

Expected<std::shared_ptr<Component>>
Component::loadBytes(Engine &E, std::span<const uint8_t> Bytes,
                     std::string DisplayName) {
  // The artifact's checksum seal (abi/checksum.h) covers the plan as well
  // as the modules inside it (each also sealed, checked by Module::load).
  abi::SealCheck Seal = abi::checkSeal(Bytes);
  auto Data = readElfSymbolData(Bytes, ac::kSymComponent, ac::kSymComponentSize);
  if (!Data && Seal.Status == abi::SealStatus::Mismatch)
    return badArtifact(DisplayName, sealError(Seal, Bytes.size()).Message);
  if (!Data)
    return Data.takeError();
  auto Header = ac::decodeComponentMeta(*Data, /*HeaderOnly=*/true);
  if (!Header)
    return badArtifact(DisplayName, "bad component metadata header");
  if (Header->FormatVersion != ac::kComponentFormatVersion ||
      Header->AbiHash != abi::abiHash())
    return badArtifact(DisplayName,
                       fmt::format("it was compiled by {}, whose artifacts this "
                                   "runtime cannot load; recompile it with "
                                   "`wasmaot compile`",
                                   Header->CompilerVersion));
  if (Seal.Status != abi::SealStatus::Ok)
    return badArtifact(DisplayName, sealError(Seal, Bytes.size()).Message);
  auto Meta = ac::decodeComponentMeta(*Data);
  if (!Meta)
    return badArtifact(DisplayName, "corrupt component metadata");
  auto C = std::make_shared<Component>();
  C->Display = std::move(DisplayName);
  C->Meta = std::move(*Meta);
  for (size_t I = 0; I < C->Meta.Modules.size(); ++I) {
    auto M = Module::loadBytes(E, C->Meta.Modules[I],
                               fmt::format("{}#module{}", C->Display, I));
    if (!M)
      return M.takeError();
    C->Modules.push_back(std::move(*M));
  }
  if (Status St = loadAdapters(*C, Bytes); !St)
    return St.takeError();
  // The module images now live in the loaded objects.
  for (auto &Bytes : C->Meta.Modules)
    std::vector<uint8_t>().swap(Bytes);
  return C;
}

const ac::Export *Component::findExport(std::string_view Name) const {
  const ac::Export *Found = nullptr;
  for (const ac::Export &E : Meta.Exports)
    if (E.Name == Name)
      return &E;
  for (const ac::Export &E : Meta.Exports)
    if (lastPart(E.Name) == Name) {
      if (Found)
        return nullptr; // ambiguous
      Found = &E;
    }
  return Found;
}

const cabi::FuncType *Component::exportType(std::string_view Name) const {
  const ac::Export *E = findExport(Name);
  return E ? &Meta.Lifts[E->Lift].Type : nullptr;
}

// ---- Instances.

ComponentInstance::ComponentInstance(Store &S, std::shared_ptr<const Component> C)
    : St(S), C(std::move(C)) {}

ComponentInstance::~ComponentInstance() = default;

Expected<Extern> ComponentInstance::resolve(const ac::CoreItem &I) {
  switch (I.K) {
  case ac::CoreItem::Export: {
    if (I.Instance >= CoreInstances.size())
      return linkError("core instance used before it exists");
    auto E = CoreInstances[I.Instance]->getExport(I.Name);
    if (!E)
      return linkError(fmt::format("core instance {} has no export `{}`",
                                   I.Instance, I.Name));
    return *E;
  }
  case ac::CoreItem::Lowered:
    return Extern::func(Func::fromHost(LowerFuncs[I.Index]));
  case ac::CoreItem::ResourceNew: case ac::CoreItem::ResourceDrop:
  case ac::CoreItem::ResourceRep: {
    auto Key = std::tuple{uint8_t(I.K), I.Index, I.Instance};
    auto It = ResourceFuncs.find(Key);
    if (It != ResourceFuncs.end())
      return Extern::func(Func::fromHost(It->second));
    const ac::Resource &R = C->meta().Resources[I.Index];
    uint32_t Res = I.Index;
    uint32_t CallerInst = I.Instance;
    std::shared_ptr<HostFunc> F;
    Engine &E = St.engine();
    if (I.K == ac::CoreItem::ResourceNew) {
      F = std::make_shared<HostFunc>(
          E, FuncType{{ValType::I32}, {ValType::I32}},
          [this, Res, Owner = R.Instance](Caller &, std::span<const Val> A,
                                          std::span<Val> Out)
              -> std::optional<Trap> {
            Handle H;
            H.Resource = Res;
            H.Rep = uint32_t(A[0].i32());
            Out[0] = Val::fromI32(int32_t(Handles[Owner].insert(H)));
            return std::nullopt;
          });
    } else if (I.K == ac::CoreItem::ResourceRep) {
      F = std::make_shared<HostFunc>(
          E, FuncType{{ValType::I32}, {ValType::I32}},
          [this, Res, Owner = R.Instance](Caller &, std::span<const Val> A,
                                          std::span<Val> Out)
              -> std::optional<Trap> {
            Handle *H = Handles[Owner].get(uint32_t(A[0].i32()), Res);
            if (!H)
              return canonicalAbiTrap(fmt::format(
                  "resource.rep: unknown handle index {} (never created, "
                  "already dropped, or of another resource type)",
                  A[0].i32()));
            Out[0] = Val::fromI32(int32_t(H->Rep));
            return std::nullopt;
          });
    } else {
      F = std::make_shared<HostFunc>(
          E, FuncType{{ValType::I32}, {}},
          [this, Res, CallerInst](Caller &, std::span<const Val> A,
                              std::span<Val>) -> std::optional<Trap> {
            uint32_t Idx = uint32_t(A[0].i32());
            HandleTable &T = Handles[CallerInst];
            Handle *H = T.get(Idx, Res);
            if (!H)
              return canonicalAbiTrap(fmt::format(
                  "resource.drop: unknown handle index {} (never created, "
                  "already dropped, or of another resource type)",
                  Idx));
            if (H->Own && H->LendCount)
              return canonicalAbiTrap(fmt::format(
                  "resource.drop: cannot drop handle {} while it is lent",
                  Idx));
            Handle Removed = T.remove(Idx);
            if (!Removed.Own)
              return std::nullopt;
            return destroyResource(Res, Removed.Rep);
          });
    }
    ResourceFuncs.emplace(Key, F);
    return Extern::func(Func::fromHost(F));
  }
  }
  return linkError("bad core item");
}

AbiContext ComponentInstance::context(const ac::Options &O, uint32_t Inst) {
  AbiContext Cx;
  Cx.Encoding = StringEncoding(uint8_t(O.Encoding));
  Cx.Handles = &Handles[Inst];
  Cx.Instance = Inst;
  Cx.ResourceOwners = &ResourceOwners;
  Cx.CallScope = NextCallScope++;
  if (O.Memory) {
    auto M = resolve(*O.Memory);
    if (M && M->Mem) {
      Memory *Mem = M->Mem;
      Cx.Memory = [Mem] { return Mem->bytes(); };
    }
  }
  if (O.Realloc) {
    auto R = resolve(*O.Realloc);
    if (R) {
      Func F = R->F;
      Cx.Realloc = [F](uint32_t Old, uint32_t OldSize, uint32_t Align,
                       uint32_t NewSize) -> Outcome<uint32_t> {
        Val Args[4] = {Val::fromI32(int32_t(Old)), Val::fromI32(int32_t(OldSize)),
                       Val::fromI32(int32_t(Align)),
                       Val::fromI32(int32_t(NewSize))};
        auto Res = F.call(std::span<const Val>(Args, 4));
        if (Res.isTrap())
          return Res.takeTrap();
        if (Res.isError())
          return Res.takeError();
        if (Res->size() != 1 || (*Res)[0].type() != ValType::I32)
          return canonicalAbiTrap("realloc has the wrong type");
        return uint32_t((*Res)[0].i32());
      };
    }
  }
  return Cx;
}

Outcome<std::unique_ptr<ComponentInstance>>
ComponentInstance::instantiate(Store &S, std::shared_ptr<const Component> C,
                               const ComponentLinker &L) {
  std::unique_ptr<ComponentInstance> CI(new ComponentInstance(S, C));
  const ac::ComponentMeta &M = C->meta();
  CI->Linker = &L;
  if (const char *Env = std::getenv("WASMAOT_COMPONENT_ADAPTERS"))
    CI->UseAdapters = std::string_view(Env) != "0";
  CI->Handles.resize(M.NumComponentInstances);
  for (const ac::Resource &R : M.Resources)
    CI->ResourceOwners.push_back(R.Host ? ac::kHostInstance : R.Instance);
  // Resolved once: a name that matches only by semver compatibility would
  // otherwise be searched for on every call.
  for (const ac::Import &Imp : M.Imports) {
    const ComponentHostFunc *F = L.get(Imp.Name);
    const ComponentHostLayoutFunc *H = L.getHostLayout(Imp.Name);
    if (H) {
      ac::HostLayout A, R;
      ac::hostTupleOffsets(Imp.Type.Params, &A);
      ac::hostTupleOffsets(Imp.Type.Results, &R);
      if (H->ArgsSize != A.Size || H->ArgsAlign != A.Align ||
          H->ResultsSize != R.Size || H->ResultsAlign != R.Align || !H->Fn) {
        if (!F)
          return linkError(fmt::format(
              "component import `{}`: the host's host-layout function "
              "expects arguments of {} bytes (align {}) and results of {} "
              "(align {}), but the import's type lays them out in {} ({}) "
              "and {} ({})",
              Imp.Name, H->ArgsSize, H->ArgsAlign, H->ResultsSize,
              H->ResultsAlign, A.Size, A.Align, R.Size, R.Align));
        H = nullptr;
      }
    }
    if (!F && !H)
      return linkError(fmt::format("component import `{}` is not defined",
                                   Imp.Name));
    CI->ImportFuncs.push_back(F);
    CI->ImportLayoutFuncs.push_back(H);
  }
  Engine &E = S.engine();
  ComponentInstance *Self = CI.get();
  for (uint32_t I = 0; I < M.Lowers.size(); ++I) {
    FuncType Core =
        cabi::flattenFuncType(M.Lowers[I].Type, cabi::FlattenContext::Lower);
    CI->LowerFuncs.push_back(std::make_shared<HostFunc>(
        E, Core,
        [Self, I](Caller &, std::span<const Val> Args,
                  std::span<Val> Results) -> std::optional<Trap> {
          return Self->callLower(I, Args, Results);
        }));
  }
  for (const ac::Instantiation &Inst : M.Instantiations) {
    std::vector<Extern> Imports;
    for (const ac::CoreItem &It : Inst.Imports) {
      auto Ext = CI->resolve(It);
      if (!Ext)
        return Ext.takeError();
      Imports.push_back(std::move(*Ext));
    }
    auto I = Instance::create(S, C->module(Inst.Module), std::move(Imports));
    if (I.isTrap())
      return I.takeTrap();
    if (I.isError())
      return I.takeError();
    CI->CoreInstances.push_back(*I);
  }
  return CI;
}

std::optional<Trap> ComponentInstance::destroyResource(uint32_t Res,
                                                       uint32_t Rep) {
  const ac::Resource &RD = C->meta().Resources[Res];
  if (RD.Host) {
    if (const auto *Drop = Linker->resourceDrop(RD.Name))
      (*Drop)(Rep);
    return std::nullopt;
  }
  if (!RD.Dtor)
    return std::nullopt;
  auto D = resolve(*RD.Dtor);
  if (!D)
    return Trap::host(D.error().Message);
  Val Arg = Val::fromI32(int32_t(Rep));
  auto R = D->F.call(std::span<const Val>(&Arg, 1));
  if (R.isTrap())
    return R.takeTrap();
  if (R.isError())
    return Trap::host(R.error().Message);
  return std::nullopt;
}

Outcome<std::monostate> ComponentInstance::dropResource(const Value &V) {
  if (V.K != cabi::Kind::Own && V.K != cabi::Kind::Borrow)
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 "dropResource: the value is not a resource handle", {}};
  uint64_t J = V.Bits;
  Handle *H = HostHandles.at(J);
  if (!H)
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 fmt::format("dropResource: handle {:#x} is not a live handle "
                             "of the host (never received, already dropped "
                             "or moved into the component)",
                             J),
                 {}};
  if (!H->Own)
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 fmt::format("dropResource: handle {:#x} is a borrow; it ends "
                             "when the host function it was passed to "
                             "returns",
                             J),
                 {}};
  if (H->LendCount)
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 fmt::format("dropResource: handle {:#x} is lent to a call in "
                             "progress",
                             J),
                 {}};
  Handle Removed = HostHandles.remove(J);
  if (auto T = destroyResource(Removed.Resource, Removed.Rep))
    return std::move(*T);
  return std::monostate{};
}

std::optional<Trap> ComponentInstance::callLower(uint32_t Index,
                                                 std::span<const Val> Args,
                                                 std::span<Val> Results) {
  if (ac::AdapterEnv *Env = lowerAdapterEnv(Index)) // adapter.cpp
    return callLowerAdapted(Index, Env, Args, Results);
  const ac::Lower &L = C->meta().Lowers[Index];
  AbiContext Cx = context(L.Opts, L.Instance);
  bool ToHost = L.Callee.K == ac::FuncRef::Import;
  if (ToHost)
    Cx.HostHandles = &HostHandles;
  HostHandleRelease ReleaseAtExit{Cx};
  size_t FlatParams = cabi::flattenTypes(L.Type.Params).size();
  size_t ParamSlots = FlatParams > cabi::kMaxFlatParams ? 1 : FlatParams;
  bool OutParam = cabi::flattenTypes(L.Type.Results).size() > cabi::kMaxFlatResults;
  auto Params = liftValues(Cx, cabi::kMaxFlatParams, Args.first(ParamSlots),
                           L.Type.Params);
  if (Params.isTrap())
    return Params.takeTrap();
  if (Params.isError())
    return Trap::host(Params.error().Message);
  Outcome<std::vector<Value>> Res = std::vector<Value>{};
  if (ToHost) {
    const ac::Import &Imp = C->meta().Imports[L.Callee.Index];
    Res = ImportFuncs[L.Callee.Index]
              ? (*ImportFuncs[L.Callee.Index])(*Params)
              : callImportHostLayout(L.Callee.Index, *Params);
    if (Res.ok())
      for (size_t I = 0; I < Res->size() && I < Imp.Type.Results.size(); ++I)
        if (Status St = checkValue((*Res)[I], *Imp.Type.Results[I]); !St)
          return Trap::host(fmt::format("host function `{}` returned a bad "
                                        "value: {}",
                                        Imp.Name, St.error().Message));
  } else {
    Res = callLift(L.Callee.Index, *Params, /*FromHost=*/false);
  }
  if (Res.isTrap())
    return Res.takeTrap();
  if (Res.isError())
    return Trap::host(Res.error().Message);
  std::optional<uint32_t> OutPtr;
  if (OutParam)
    OutPtr = uint32_t(Args[ParamSlots].i32());
  auto Flat = lowerValues(Cx, cabi::kMaxFlatResults, *Res, L.Type.Results,
                          OutPtr);
  if (Flat.isTrap())
    return Flat.takeTrap();
  if (Flat.isError())
    return Trap::host(Flat.error().Message);
  for (size_t I = 0; I < Flat->size() && I < Results.size(); ++I)
    Results[I] = (*Flat)[I];
  if (auto T = finishCall(Cx))
    return T;
  return std::nullopt;
}

Outcome<std::vector<Value>>
ComponentInstance::callLift(uint32_t Index, std::span<const Value> Args,
                            bool FromHost) {
  const ac::Lift &L = C->meta().Lifts[Index];
  if (Args.size() != L.Type.Params.size())
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 fmt::format("expected {} arguments, got {}",
                             L.Type.Params.size(), Args.size()),
                 {}};
  for (size_t I = 0; I < Args.size(); ++I)
    if (Status St = checkValue(Args[I], *L.Type.Params[I]); !St)
      return Error{ErrorKind::Invalid, Error::kNoOffset,
                   fmt::format("argument {}: {}", I + 1, St.error().Message),
                   {}};
  if (adapterEnv(Index)) // compiled lifting and lowering (adapter.cpp)
    return callAdapted(Index, Args, FromHost);
  AbiContext Cx = context(L.Opts, L.Instance);
  if (FromHost)
    Cx.HostHandles = &HostHandles;
  HostHandleRelease ReleaseAtExit{Cx};
  std::vector<Value> ArgVec(Args.begin(), Args.end());
  auto Flat = lowerValues(Cx, cabi::kMaxFlatParams, ArgVec, L.Type.Params);
  if (!Flat.ok())
    return Flat.isTrap() ? Outcome<std::vector<Value>>(Flat.takeTrap())
                         : Outcome<std::vector<Value>>(Flat.takeError());
  auto Callee = resolve(L.Callee);
  if (!Callee)
    return Callee.takeError();
  auto Raw = Callee->F.call(*Flat);
  if (!Raw.ok())
    return Raw.isTrap() ? Outcome<std::vector<Value>>(Raw.takeTrap())
                        : Outcome<std::vector<Value>>(Raw.takeError());
  auto Results = liftValues(Cx, cabi::kMaxFlatResults, *Raw, L.Type.Results);
  if (!Results.ok())
    return Results;
  // Borrows lent to the callee must have been dropped (Call.finish_lift).
  if (auto T = finishCall(Cx))
    return *T;
  if (L.Opts.PostReturn) {
    auto PR = resolve(*L.Opts.PostReturn);
    if (!PR)
      return PR.takeError();
    auto R = PR->F.call(*Raw);
    if (R.isTrap())
      return R.takeTrap();
    if (R.isError())
      return R.takeError();
  }
  return Results;
}

Outcome<std::vector<Value>> ComponentInstance::call(std::string_view Name,
                                                    std::span<const Value> Args) {
  const ac::Export *E = C->findExport(Name);
  if (!E)
    return Error{ErrorKind::Link, Error::kNoOffset,
                 fmt::format("the component has no export `{}`", Name), {}};
  return callLift(E->Lift, Args, /*FromHost=*/true);
}

} // namespace wasmaot::runtime::component
