// From files to resolved packages (WIT.md, "Filesystem structure"): reads a
// .wit file or a package directory with deps/, parses every file, groups
// the parts of each package (a file's top level, nested `package a:b {..}`
// blocks), orders packages by the packages they refer to and resolves them
// in that order (resolve.cpp). The root package is the last one.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "resolve_internal.h"
#include "wasmaot/wit/wit.h"

namespace wasmaot::wit {

namespace {

using detail::PackageGroup;
using detail::toName;

/// Calls \p F for every package-qualified path in \p P.
void forEachForeignPath(const PackageAst &P,
                        const std::function<void(const UsePath &)> &F) {
  auto Path = [&](const UsePath &U) {
    if (U.Pkg)
      F(U);
  };
  std::function<void(const std::vector<InterfaceMember> &)> Members =
      [&](const std::vector<InterfaceMember> &Items) {
        for (const auto &M : Items)
          if (auto *U = std::get_if<UseItem>(&M))
            Path(U->From);
      };
  for (const TopItem &It : P.Items) {
    if (auto *U = std::get_if<TopUse>(&It)) {
      Path(U->Path);
    } else if (auto *I = std::get_if<InterfaceAst>(&It)) {
      Members(I->Items);
    } else {
      for (const WorldMember &M : std::get<WorldAst>(It).Items) {
        if (auto *U = std::get_if<UseItem>(&M))
          Path(U->From);
        else if (auto *Inc = std::get_if<IncludeItem>(&M))
          Path(Inc->World);
        else if (auto *E = std::get_if<ExternItem>(&M)) {
          if (E->K == ExternItem::Path)
            Path(E->Iface);
          else if (E->K == ExternItem::InlineInterface)
            Members(E->Items);
        }
      }
    }
  }
}

struct Loader {
  SourceMap SM;
  std::vector<FileAst> Files; // stable: reserved before parsing
  std::vector<PackageGroup> Groups;
  std::map<std::string, size_t> GroupIdx;

  /// Parses one unit (the root, or one dependency) and adds its packages.
  /// A package already defined by another unit is skipped (WIT.md: "Any
  /// package which is duplicated across dependencies must have the same
  /// contents").
  Status addUnit(std::vector<SourceText> Texts, bool IsRoot,
                 std::optional<size_t> &RootGroup) {
    if (Texts.empty())
      return {};
    std::vector<const FileAst *> Parsed;
    std::vector<uint32_t> Bases;
    for (SourceText &T : Texts) {
      uint32_t Base = SM.addFile(std::move(T.Name), std::move(T.Text));
      Bases.push_back(Base);
      auto F = parseFile(SM, SM.fileAt(Base));
      if (!F)
        return F.takeError();
      Files.push_back(std::move(*F));
      Parsed.push_back(&Files.back());
    }
    std::set<std::string> Mine;
    auto Add = [&](const PackageAst &P, const PackageNameAst &N) -> Status {
      PackageName Name = toName(N);
      std::string Key = Name.str();
      auto It = GroupIdx.find(Key);
      if (It != GroupIdx.end() && !Mine.count(Key)) {
        if (IsRoot)
          return SM.error(ErrorKind::Invalid, N.Sp,
                          fmt::format("package `{}` is also defined by a "
                                      "dependency", Key));
        return {};
      }
      if (It == GroupIdx.end()) {
        It = GroupIdx.emplace(Key, Groups.size()).first;
        Groups.push_back(PackageGroup{Name, N.Sp, {}});
        Mine.insert(Key);
      }
      Groups[It->second].Parts.push_back(&P);
      return {};
    };
    // The unit's own package: every file's top level, one name for all.
    const PackageNameAst *Name = nullptr;
    bool HasItems = false;
    for (const FileAst *F : Parsed) {
      HasItems |= !F->Root.Items.empty();
      if (!F->Root.Name)
        continue;
      if (Name && toName(*Name) != toName(*F->Root.Name))
        return SM.error(ErrorKind::Invalid, F->Root.Name->Sp,
                        fmt::format("package `{}` does not match `{}` "
                                    "declared in another file of the same "
                                    "package", toName(*F->Root.Name).str(),
                                    toName(*Name).str()));
      Name = &*F->Root.Name;
    }
    if (!Name && (HasItems || IsRoot)) {
      uint32_t Base = Bases.front();
      for (size_t I = 0; I < Parsed.size(); ++I)
        if (!Parsed[I]->Root.Items.empty()) {
          Base = Bases[I];
          break;
        }
      return SM.error(ErrorKind::Invalid, Span{Base, Base},
                      "no `package ns:name;` declaration for this package");
    }
    if (Name) {
      if (IsRoot)
        RootGroup = GroupIdx.count(toName(*Name).str())
                        ? std::optional<size_t>()
                        : std::optional<size_t>(Groups.size());
      for (const FileAst *F : Parsed)
        WASMAOT_TRY(Add(F->Root, *Name));
    }
    for (const FileAst *F : Parsed)
      for (const PackageAst &N : F->Nested)
        WASMAOT_TRY(Add(N, *N.Name));
    return {};
  }

  /// Resolves every group after the groups it refers to.
  Expected<std::vector<PackageId>> resolveAll(Resolve &R) {
    std::vector<int> State(Groups.size(), 0);
    std::vector<PackageId> Ids(Groups.size());
    unsigned Depth = 0;
    std::function<Status(size_t, Span)> Visit = [&](size_t G,
                                                    Span From) -> Status {
      if (State[G] == 2)
        return {};
      if (State[G] == 1)
        return SM.error(ErrorKind::Invalid, From,
                        fmt::format("package `{}` depends on itself",
                                    Groups[G].Name.str()));
      if (++Depth > 1000)
        return SM.error(ErrorKind::Limit, From,
                        "more than 1000 packages depend on each other in a "
                        "chain");
      State[G] = 1;
      std::vector<std::pair<size_t, Span>> Deps;
      for (const PackageAst *P : Groups[G].Parts)
        forEachForeignPath(*P, [&](const UsePath &U) {
          auto It = GroupIdx.find(toName(*U.Pkg).str());
          if (It != GroupIdx.end() && It->second != G)
            Deps.emplace_back(It->second, U.Pkg->Sp);
        });
      for (auto &[D, Sp] : Deps)
        WASMAOT_TRY(Visit(D, Sp));
      auto Id = detail::resolvePackage(R, SM, Groups[G]);
      if (!Id)
        return Id.takeError();
      Ids[G] = *Id;
      State[G] = 2;
      --Depth;
      return {};
    };
    for (size_t G = 0; G < Groups.size(); ++G)
      WASMAOT_TRY(Visit(G, Groups[G].NameSp));
    return Ids;
  }
};

Expected<std::string> readText(const std::filesystem::path &P) {
  std::ifstream In(P, std::ios::binary);
  if (!In)
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("{}: error: cannot read the file", P.string()),
                 {}};
  std::ostringstream SS;
  SS << In.rdbuf();
  if (In.bad())
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("{}: error: cannot read the file", P.string()),
                 {}};
  return SS.str();
}

Expected<std::vector<SourceText>> readDir(const std::filesystem::path &Dir) {
  std::vector<std::filesystem::path> Paths;
  std::error_code EC;
  for (auto It = std::filesystem::directory_iterator(Dir, EC);
       !EC && It != std::filesystem::directory_iterator(); It.increment(EC))
    if (It->path().extension() == ".wit" && !It->is_directory())
      Paths.push_back(It->path());
  if (EC)
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("{}: error: cannot read the directory: {}",
                             Dir.string(), EC.message()),
                 {}};
  std::sort(Paths.begin(), Paths.end());
  std::vector<SourceText> Out;
  for (const auto &P : Paths) {
    auto T = readText(P);
    if (!T)
      return T.takeError();
    Out.push_back({P.string(), std::move(*T)});
  }
  return Out;
}

} // namespace

Expected<PackageId> resolveSources(Resolve &R, std::vector<SourceText> Root,
                                   std::vector<std::vector<SourceText>> Deps) {
  Loader L;
  size_t NFiles = Root.size();
  for (const auto &D : Deps)
    NFiles += D.size();
  L.Files.reserve(NFiles);
  std::optional<size_t> RootGroup, Unused;
  for (auto &D : Deps)
    WASMAOT_TRY(L.addUnit(std::move(D), false, Unused));
  WASMAOT_TRY(L.addUnit(std::move(Root), true, RootGroup));
  auto Ids = L.resolveAll(R);
  if (!Ids)
    return Ids.takeError();
  if (!RootGroup)
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 "error: no root package", {}};
  return (*Ids)[*RootGroup];
}

Expected<PackageId> resolveText(Resolve &R, std::string_view Name,
                                std::string_view Text) {
  return resolveSources(R, {SourceText{std::string(Name), std::string(Text)}},
                        {});
}

Expected<PackageId> resolvePath(Resolve &R, const std::string &Path) {
  namespace fs = std::filesystem;
  std::error_code EC;
  fs::path P(Path);
  if (!fs::is_directory(P, EC)) {
    auto T = readText(P);
    if (!T)
      return T.takeError();
    return resolveText(R, Path, *T);
  }
  auto Root = readDir(P);
  if (!Root)
    return Root.takeError();
  if (Root->empty())
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("{}: error: the directory has no .wit files",
                             Path),
                 {}};
  std::vector<std::vector<SourceText>> Deps;
  fs::path DepDir = P / "deps";
  if (fs::is_directory(DepDir, EC)) {
    std::vector<fs::path> Entries;
    for (auto It = fs::directory_iterator(DepDir, EC);
         !EC && It != fs::directory_iterator(); It.increment(EC))
      Entries.push_back(It->path());
    std::sort(Entries.begin(), Entries.end());
    for (const auto &E : Entries) {
      if (fs::is_directory(E, EC)) {
        auto D = readDir(E);
        if (!D)
          return D.takeError();
        Deps.push_back(std::move(*D));
      } else if (E.extension() == ".wit") {
        auto T = readText(E);
        if (!T)
          return T.takeError();
        Deps.push_back({SourceText{E.string(), std::move(*T)}});
      }
    }
  }
  return resolveSources(R, std::move(*Root), std::move(Deps));
}

} // namespace wasmaot::wit
