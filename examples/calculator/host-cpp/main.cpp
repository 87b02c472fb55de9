// The calculator component from C++ through generated bindings: the build
// runs `wasmaot bindgen --cpp ../wit/calculator.wit -o calculator_bindings.h`
// and `wasmaot compile ../calculator.wasm -o calculator.so`; this host
// instantiates the component as a typed `Calculator`, calls `add` and
// `process-sequence` with C++ values, and shows how errors come back (as
// values, never exceptions). Exits 0 only if every result is as expected.
//
//   calculator-host CALCULATOR.so
#include <cstdio>
#include <string>
#include <vector>

#include "calculator_bindings.h" // generated
#include "wasmaot/runtime/runtime.h"

using namespace wasmaot::runtime;
using cyber_corp::math_logic::Calculator;

namespace {

std::string show(const std::vector<uint32_t> &V) {
  std::string S = "[";
  for (size_t I = 0; I < V.size(); ++I)
    S += (I ? ", " : "") + std::to_string(V[I]);
  return S + "]";
}

int check(bool Ok, const char *What) {
  if (!Ok)
    std::fprintf(stderr, "FAILED: %s\n", What);
  return Ok ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: calculator-host CALCULATOR.so\n");
    return 2;
  }
  Engine Eng;
  auto Comp = component::Component::load(Eng, argv[1]);
  if (!Comp) {
    std::fprintf(stderr, "%s\n", Comp.error().format(argv[1]).c_str());
    return 1;
  }
  Store St(Eng);
  component::ComponentLinker Linker; // the calculator imports nothing
  // Checks that the component exports `operations` with the WIT's types.
  Outcome<Calculator> Calc = Calculator::instantiate(St, *Comp, Linker);
  if (!Calc) {
    std::fprintf(stderr, "instantiate: %s\n", Calc.message().c_str());
    return 1;
  }

  int Failures = 0;
  Outcome<uint32_t> Sum = Calc->operations().add(1, 2);
  if (!Sum) { // a Trap (the component trapped) or an Error
    std::fprintf(stderr, "add: %s\n", Sum.message().c_str());
    return 1;
  }
  std::printf("add(1, 2) = %u\n", *Sum);
  Failures += check(*Sum == 3, "add(1, 2) == 3");

  Outcome<std::vector<uint32_t>> Seq =
      Calc->operations().processSequence(std::vector<uint32_t>{1, 2, 3});
  if (!Seq) {
    std::fprintf(stderr, "processSequence: %s\n", Seq.message().c_str());
    return 1;
  }
  std::printf("processSequence([1, 2, 3]) = %s\n", show(*Seq).c_str());
  Failures += check(*Seq == std::vector<uint32_t>{2, 6, 12},
                    "processSequence([1, 2, 3]) == [2, 6, 12]");

  // u32 arithmetic wraps, as in the component.
  Outcome<uint32_t> Wrap = Calc->operations().add(4294967295u, 2);
  Failures += check(Wrap.ok() && *Wrap == 1, "add(4294967295, 2) == 1");
  Outcome<std::vector<uint32_t>> Empty =
      Calc->operations().processSequence({});
  Failures += check(Empty.ok() && Empty->empty(), "processSequence([]) == []");

  // Errors are values: a missing artifact is an Error from load, and a
  // component whose exports differ from the world is refused by
  // instantiate (tests/bindgen checks that message).
  auto Missing = component::Component::load(Eng, std::string(argv[1]) + ".missing");
  Failures += check(!Missing, "loading a missing artifact fails");
  if (!Missing)
    std::printf("expected error: %s\n", Missing.error().Message.c_str());

  return Failures == 0 ? 0 : 1;
}
