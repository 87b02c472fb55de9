// Extern-name grammar of the component model (Explainer.md "Import and
// Export Definitions"): plain kebab labels, `[constructor]` / `[method]` /
// `[static]` annotations, interface names `ns:pkg/iface@semver`, and the
// import-only dependency names `unlocked-dep=<..>`, `locked-dep=<..>`,
// `url=<..>` and `integrity=<..>`. Each check returns "" or the message of
// an invalid-name error. Uniqueness and resource names are the validator's
// (component_validator.cpp).
#include <algorithm>
#include <cctype>

#include "component_internal.h"

namespace wasmaot::frontend::component::detail {

namespace {

bool isLowerAlnum(char C) {
  return (C >= 'a' && C <= 'z') || (C >= '0' && C <= '9');
}

/// A namespace or package word: lower-case kebab starting with a letter.
std::string checkPackageWord(std::string_view W, std::string_view Whole) {
  if (W.empty())
    return "`` is not in kebab case";
  for (char C : W)
    if (std::isupper(static_cast<unsigned char>(C)))
      return fmt::format("character `{}` is not lowercase in package "
                         "name/namespace of `{}`: `{}` is not a valid extern "
                         "name",
                         C, W, Whole);
  if (!(W[0] >= 'a' && W[0] <= 'z') || !isKebab(W))
    return fmt::format("`{}` is not a valid extern name", Whole);
  for (char C : W)
    if (!isLowerAlnum(C) && C != '-')
      return fmt::format("`{}` is not a valid extern name", Whole);
  return "";
}

/// Semantic versioning 2.0.0: MAJOR.MINOR.PATCH[-pre][+build].
std::string checkSemver(std::string_view V) {
  if (V.empty())
    return "empty string, expected a semver version";
  size_t I = 0;
  for (int Part = 0; Part < 3; ++Part) {
    if (Part) {
      if (I == V.size())
        return "unexpected end of input while parsing semver version";
      if (V[I] != '.')
        return fmt::format("unexpected character '{}' while parsing semver "
                           "version",
                           V[I]);
      ++I;
    }
    if (I == V.size())
      return "unexpected end of input while parsing semver version";
    size_t B = I;
    while (I < V.size() && std::isdigit(static_cast<unsigned char>(V[I])))
      ++I;
    if (I == B)
      return fmt::format("unexpected character '{}' while parsing semver "
                         "version",
                         V[I]);
    if (I - B > 1 && V[B] == '0')
      return "invalid leading zero in semver version";
  }
  auto Idents = [&](bool Pre) -> std::string {
    while (true) {
      size_t B = I;
      bool Numeric = true;
      while (I < V.size() && (std::isalnum(static_cast<unsigned char>(V[I])) ||
                              V[I] == '-')) {
        Numeric &= std::isdigit(static_cast<unsigned char>(V[I])) != 0;
        ++I;
      }
      if (I == B)
        return "empty identifier segment in semver version";
      if (Pre && Numeric && I - B > 1 && V[B] == '0')
        return "invalid leading zero in semver pre-release";
      if (I == V.size() || V[I] != '.')
        return "";
      ++I;
    }
  };
  if (I < V.size() && V[I] == '-') {
    ++I;
    if (std::string M = Idents(true); !M.empty())
      return M;
  }
  if (I < V.size() && V[I] == '+') {
    ++I;
    if (std::string M = Idents(false); !M.empty())
      return M;
  }
  if (I < V.size())
    return fmt::format("unexpected character '{}' after semver version",
                       V[I]);
  return "";
}

/// `ns:pkg` with \p Nested allowing `ns:a:b/c/d` (dependency names accept
/// nested namespaces and projections).
std::string checkPackagePath(std::string_view P, std::string_view Whole,
                             bool Nested) {
  size_t Colon = P.find(':');
  if (Colon == std::string_view::npos)
    return fmt::format("expected `:` in package name `{}`", P);
  size_t I = 0;
  unsigned Parts = 0;
  for (size_t K = 0; K <= P.size(); ++K) {
    if (K < P.size() && P[K] != ':' && P[K] != '/')
      continue;
    if (K < P.size() && P[K] == '/' && !Nested)
      return fmt::format("`{}` is not a valid extern name", Whole);
    if (std::string M = checkPackageWord(P.substr(I, K - I), Whole);
        !M.empty())
      return M;
    ++Parts;
    I = K + 1;
  }
  if (Parts != 2 && !Nested)
    return "expected `/` after package name";
  return "";
}

/// `ns:pkg/iface[@semver]`; nested namespaces and projections (🪺) are
/// not accepted.
std::string checkInterfaceName(std::string_view N) {
  std::string_view Whole = N;
  std::string_view Ver;
  bool HasVer = false;
  if (size_t At = N.find('@'); At != std::string_view::npos) {
    Ver = N.substr(At + 1);
    N = N.substr(0, At);
    HasVer = true;
  }
  size_t Colon = N.find(':');
  size_t Slash = N.find('/');
  if (Slash == std::string_view::npos || Slash < Colon) {
    std::string_view Pkg = N.substr(0, Slash);
    if (Pkg.find(':', Colon + 1) != std::string_view::npos)
      return "expected `/` after package name";
    if (std::string M = checkPackagePath(Pkg, Whole, false); !M.empty())
      return M;
    return fmt::format("`{}` is not a valid extern name: expected `/` after "
                       "package name",
                       Whole);
  }
  std::string_view Pkg = N.substr(0, Slash);
  if (Pkg.find(':', Colon + 1) != std::string_view::npos)
    return "expected `/` after package name";
  if (std::string M = checkPackagePath(Pkg, Whole, false); !M.empty())
    return M;
  std::string_view Iface = N.substr(Slash + 1);
  if (size_t S2 = Iface.find('/'); S2 != std::string_view::npos)
    return fmt::format("trailing characters found: `{}`", Iface.substr(S2));
  if (!isKebab(Iface))
    return fmt::format("`{}` is not in kebab case", Iface);
  if (!HasVer)
    return "";
  // A canonical name (🏷️ canon-names) abbreviates the version to `1` or
  // `0.2`; a `versionsuffix` attribute holds the rest.
  bool Canonical = !Ver.empty() && Ver.find_first_not_of("0123456789.") ==
                                       std::string_view::npos &&
                   std::count(Ver.begin(), Ver.end(), '.') < 2 &&
                   Ver.back() != '.' && Ver[0] != '.' &&
                   Ver.find("..") == std::string_view::npos;
  if (Canonical)
    return "";
  if (std::string M = checkSemver(Ver); !M.empty())
    return fmt::format("`{}` is not a valid extern name: {}", Whole, M);
  return "";
}

/// Standard base64 (`A-Za-z0-9+/`), at least one digit, up to two `=`.
bool isBase64(std::string_view S) {
  size_t Pad = 0;
  while (Pad < S.size() && S[S.size() - 1 - Pad] == '=')
    ++Pad;
  if (Pad > 2 || Pad == S.size())
    return false;
  for (char C : S.substr(0, S.size() - Pad))
    if (!std::isalnum(static_cast<unsigned char>(C)) && C != '+' && C != '/')
      return false;
  return true;
}

/// `integrity=<` metadata `>`: space-separated `alg-base64[?options]`.
std::string checkIntegrity(std::string_view M) {
  size_t I = 0;
  bool Any = false;
  while (true) {
    while (I < M.size() && M[I] == ' ')
      ++I;
    if (I == M.size())
      break;
    size_t E = M.find(' ', I);
    if (E == std::string_view::npos)
      E = M.size();
    std::string_view H = M.substr(I, E - I);
    I = E;
    Any = true;
    size_t Dash = H.find('-');
    if (Dash == std::string_view::npos)
      return "expected `-` after hash algorithm";
    std::string_view Alg = H.substr(0, Dash);
    if (Alg != "sha256" && Alg != "sha384" && Alg != "sha512")
      return fmt::format("unrecognized hash algorithm: `{}`", Alg);
    std::string_view B64 = H.substr(Dash + 1);
    B64 = B64.substr(0, B64.find('?'));
    if (!isBase64(B64))
      return fmt::format("`{}` is not valid base64", B64);
  }
  if (!Any)
    return "integrity hash cannot be empty";
  return "";
}

/// `<` ... `>` at the start of \p S: the contents, and S advanced past it.
std::string angled(std::string_view &S, std::string_view &Out) {
  if (S.empty() || S[0] != '<')
    return fmt::format("expected `<` at `{}`", S);
  size_t E = S.find('>');
  if (E == std::string_view::npos)
    return "failed to find `>`";
  Out = S.substr(1, E - 1);
  S = S.substr(E + 1);
  return "";
}

/// Optional `,integrity=<...>` then the end.
std::string integritySuffix(std::string_view S) {
  if (S.empty())
    return "";
  constexpr std::string_view Pre = ",integrity=<";
  if (S.substr(0, Pre.size()) != Pre) {
    if (S[0] == ',')
      return "expected `integrity=<`";
    return fmt::format("trailing characters found: `{}`", S);
  }
  S = S.substr(Pre.size() - 1);
  std::string_view M;
  if (std::string E = angled(S, M); !E.empty())
    return E;
  if (std::string E = checkIntegrity(M); !E.empty())
    return E;
  if (!S.empty())
    return fmt::format("trailing characters found: `{}`", S);
  return "";
}

/// `{>=V}`, `{<V}` or `{>=V <V}`.
std::string checkVersionRange(std::string_view R) {
  if (R.size() < 2 || R[0] != '{' || R.back() != '}')
    return fmt::format("expected `{{` at `{}`", R);
  R = R.substr(1, R.size() - 2);
  bool Lower = R.substr(0, 2) == ">=";
  if (!Lower && R.substr(0, 1) != "<")
    return "expected `>=` or `<` at start of version range";
  if (Lower) {
    R = R.substr(2);
    size_t Sp = R.find(' ');
    std::string_view V = R.substr(0, Sp);
    if (!checkSemver(V).empty())
      return fmt::format("`{}` is not a valid semver", V);
    if (Sp == std::string_view::npos)
      return "";
    R = R.substr(Sp + 1);
    if (R.substr(0, 1) != "<")
      return fmt::format("`{}` is not a valid semver", R);
  }
  std::string_view V = R.substr(1);
  if (!checkSemver(V).empty())
    return fmt::format("`{}` is not a valid semver", V);
  return "";
}

/// `ns:pkg[@version-or-range]` inside a dependency name's brackets.
std::string checkDepPackage(std::string_view P, bool Range) {
  std::string_view Ver;
  bool HasVer = false;
  if (size_t At = P.find('@'); At != std::string_view::npos) {
    Ver = P.substr(At + 1);
    P = P.substr(0, At);
    HasVer = true;
  }
  if (P.find(':') == std::string_view::npos)
    return "`` is not in kebab case";
  if (std::string M = checkPackagePath(P, P, true); !M.empty())
    return M;
  if (!HasVer)
    return "";
  if (!Range) {
    if (!checkSemver(Ver).empty())
      return fmt::format("`{}` is not a valid semver", Ver);
    return "";
  }
  if (Ver == "*")
    return "";
  return checkVersionRange(Ver);
}

} // namespace

std::string checkDependencyName(std::string_view Name) {
  auto Strip = [&](std::string_view P) {
    if (Name.substr(0, P.size()) != P)
      return false;
    Name = Name.substr(P.size());
    return true;
  };
  std::string_view In;
  if (Strip("unlocked-dep=")) {
    // The last `>` closes: a version range holds `>=`.
    if (Name.empty() || Name[0] != '<')
      return fmt::format("expected `<` at `{}`", Name);
    size_t E = Name.rfind('>');
    if (E == 0 || E == std::string_view::npos)
      return "`` is not in kebab case";
    if (std::string M = checkDepPackage(Name.substr(1, E - 1), true);
        !M.empty())
      return M;
    if (E + 1 != Name.size())
      return fmt::format("trailing characters found: `{}`",
                         Name.substr(E + 1));
    return "";
  }
  if (Strip("locked-dep=")) {
    if (Name.empty() || Name[0] != '<')
      return fmt::format("expected `<` at `{}`", Name);
    size_t E = Name.find('>');
    std::string_view Pkg = Name.substr(1, E == std::string_view::npos
                                              ? std::string_view::npos
                                              : E - 1);
    if (std::string M = checkDepPackage(Pkg, false); !M.empty())
      return M;
    if (E == std::string_view::npos)
      return "expected `>` at ``";
    return integritySuffix(Name.substr(E + 1));
  }
  if (Strip("url=")) {
    if (std::string E = angled(Name, In); !E.empty())
      return E;
    if (In.find('<') != std::string_view::npos)
      return "url cannot contain `<`";
    return integritySuffix(Name);
  }
  if (Strip("integrity=")) {
    if (std::string E = angled(Name, In); !E.empty())
      return E;
    if (std::string E = checkIntegrity(In); !E.empty())
      return E;
    if (!Name.empty())
      return fmt::format("trailing characters found: `{}`", Name);
    return "";
  }
  return "not a dependency name";
}

std::string checkSemverText(std::string_view V) { return checkSemver(V); }

std::string checkInterfaceExternName(std::string_view Name) {
  return checkInterfaceName(Name);
}

} // namespace wasmaot::frontend::component::detail
