// wasmaot-oracle-script: runs a script of calls against ONE instance of a
// component artifact, so resource handles live from one call to the next
// (run_oracle.mjs compares its output with jco's for the same script).
//
//   wasmaot-oracle-script ARTIFACT.so < SCRIPT
//
// A script line is `NAME(ARGS)` or `$var = NAME(ARGS)`; blank lines and
// `#` comments are skipped. An argument is WAVE text of its parameter type,
// or `$var` for a resource handle bound earlier (passed as the own or
// borrow the parameter wants: the index in the host's handle table that
// ComponentInstance::call gave the host). Two lines are commands of the
// runner, not calls: `drop $var` drops the host's handle
// (ComponentInstance::dropResource; prints `dropped`), and `host-handles`
// prints how many handles the host holds. Prints one line per command: its
// results (WAVE, `, `-separated; a handle prints as `handle`), `trap: MSG`,
// or `error: MSG`. After a trap the instance may not be entered again: the
// remaining lines print `poisoned`. Exits 1 on a usage or load error.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/component/value.h"
#include "wasmaot/runtime/component/wasi_p2.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/store.h"
#include "wasmaot/runtime/wasi.h"

using namespace wasmaot;
using namespace wasmaot::runtime;
namespace comp = wasmaot::runtime::component;
using comp::cabi::Kind;

namespace {

/// Top-level arguments of \p Text (commas outside brackets and quotes).
std::vector<std::string> splitArgs(const std::string &Text) {
  std::vector<std::string> Out;
  std::string Cur;
  int Depth = 0;
  char Quote = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (Quote) {
      Cur += C;
      if (C == '\\' && I + 1 < Text.size())
        Cur += Text[++I];
      else if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '"' || C == '\'')
      Quote = C;
    else if (C == '(' || C == '[' || C == '{' || C == '<')
      ++Depth;
    else if (C == ')' || C == ']' || C == '}' || C == '>')
      --Depth;
    if (C == ',' && Depth == 0) {
      Out.push_back(Cur);
      Cur.clear();
      continue;
    }
    Cur += C;
  }
  if (Cur.find_first_not_of(" \t") != std::string::npos)
    Out.push_back(Cur);
  for (std::string &A : Out) {
    A.erase(0, A.find_first_not_of(" \t"));
    A.erase(A.find_last_not_of(" \t") + 1);
  }
  return Out;
}

bool isHandle(const comp::cabi::Type &T) {
  return T.K == Kind::Own || T.K == Kind::Borrow;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc != 2) {
    std::fprintf(stderr, "usage: wasmaot-oracle-script ARTIFACT.so < SCRIPT\n");
    return 1;
  }
  Engine E;
  auto C = comp::Component::load(E, Argv[1]);
  if (!C) {
    std::fprintf(stderr, "%s\n", C.error().format(Argv[1]).c_str());
    return 1;
  }
  WasiConfig Cfg;
  Cfg.InheritStdio = true;
  auto Wasi = WasiCtx::create(Cfg);
  if (!Wasi) {
    std::fprintf(stderr, "%s\n", Wasi.error().format(Argv[1]).c_str());
    return 1;
  }
  comp::ComponentLinker Linker;
  comp::defineWasiP2(Linker, **Wasi);
  Store S(E);
  auto Inst = comp::ComponentInstance::instantiate(S, *C, Linker);
  if (!Inst.ok()) {
    std::fprintf(stderr, "%s: cannot instantiate: %s\n", Argv[1],
                 Inst.message().c_str());
    return 1;
  }
  std::map<std::string, comp::Value> Vars; // $var → the host's handle
  bool Poisoned = false;
  std::string Line;
  while (std::getline(std::cin, Line)) {
    size_t First = Line.find_first_not_of(" \t");
    if (First == std::string::npos || Line[First] == '#')
      continue;
    if (Poisoned) {
      std::puts("poisoned");
      continue;
    }
    std::string Var;
    std::string Call = Line.substr(First);
    Call.erase(Call.find_last_not_of(" \t\r") + 1);
    if (Call == "host-handles") {
      std::printf("%zu\n", (*Inst)->hostHandleCount());
      continue;
    }
    if (Call.rfind("drop ", 0) == 0) {
      std::string Name = Call.substr(Call.find_first_not_of(" \t", 5));
      auto V = Vars.find(Name);
      if (V == Vars.end()) {
        std::printf("error: unbound %s\n", Name.c_str());
        continue;
      }
      auto R = (*Inst)->dropResource(V->second);
      if (R.isTrap()) {
        std::printf("trap: %s\n", R.trap().Message.c_str());
        Poisoned = true;
      } else if (R.isError()) {
        std::printf("error: %s\n", R.error().Message.c_str());
      } else {
        std::puts("dropped");
      }
      std::fflush(stdout);
      continue;
    }
    if (Call[0] == '$') {
      size_t Eq = Call.find('=');
      Var = Call.substr(0, Eq);
      Var.erase(Var.find_last_not_of(" \t") + 1);
      Call = Call.substr(Call.find_first_not_of(" \t", Eq + 1));
    }
    auto Split = comp::splitCall(Call);
    if (!Split) {
      std::printf("error: %s\n", Split.error().Message.c_str());
      continue;
    }
    auto [Name, ArgText] = *Split;
    const comp::cabi::FuncType *T = (*C)->exportType(Name);
    if (!T) {
      std::printf("error: no exported function %s\n", Name.c_str());
      continue;
    }
    std::vector<std::string> ArgTexts = splitArgs(ArgText);
    std::vector<comp::Value> Args;
    std::string Bad;
    for (size_t I = 0; I < ArgTexts.size() && Bad.empty(); ++I) {
      if (I >= T->Params.size()) {
        Bad = "too many arguments";
        break;
      }
      const comp::cabi::Type &PT = *T->Params[I];
      if (isHandle(PT) && ArgTexts[I][0] == '$') {
        auto V = Vars.find(ArgTexts[I]);
        if (V == Vars.end())
          Bad = "unbound " + ArgTexts[I];
        else
          Args.push_back(comp::Value::handle(PT.K, V->second.Bits));
        continue;
      }
      auto V = comp::parseValue(ArgTexts[I], PT);
      if (!V)
        Bad = V.error().Message;
      else
        Args.push_back(std::move(*V));
    }
    if (Bad.empty() && Args.size() != T->Params.size())
      Bad = "wrong number of arguments";
    if (!Bad.empty()) {
      std::printf("error: %s\n", Bad.c_str());
      continue;
    }
    auto R = (*Inst)->call(Name, Args);
    if (R.isTrap()) {
      std::printf("trap: %s\n", R.trap().Message.c_str());
      Poisoned = true;
      continue;
    }
    if (R.isError()) {
      std::printf("error: %s\n", R.error().Message.c_str());
      continue;
    }
    std::string Out;
    for (size_t I = 0; I < R->size(); ++I) {
      const comp::cabi::Type &RT = *T->Results[I];
      if (!Out.empty())
        Out += ", ";
      if (isHandle(RT)) {
        Out += "handle";
        if (!Var.empty())
          Vars[Var] = (*R)[I];
      } else {
        Out += comp::formatValue((*R)[I], RT);
      }
    }
    std::puts(Out.c_str());
    std::fflush(stdout);
  }
  return 0;
}
