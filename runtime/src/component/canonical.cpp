// The Canonical ABI, dynamic: a walk over cabi::Type trees that mirrors
// CanonicalABI.md's load/store/lift_flat/lower_flat function by function.
#include "wasmaot/runtime/component/canonical.h"

#include <cstring>

#include "utf.h"
#include "wasmaot/abi/component.h"

namespace wasmaot::runtime::component {

using cabi::Type;

const char *stringEncodingName(StringEncoding E) {
  switch (E) {
  case StringEncoding::Utf8: return "utf8";
  case StringEncoding::Utf16: return "utf16";
  case StringEncoding::Latin1Utf16: return "latin1+utf16";
  }
  return "?";
}

// ---- Handle table.

uint32_t HandleTable::insert(Handle H) {
  ++Live;
  if (!Free.empty()) {
    uint32_t I = Free.back();
    Free.pop_back();
    Slots[I] = H;
    return I;
  }
  Slots.push_back(H);
  return uint32_t(Slots.size() - 1);
}

Handle *HandleTable::get(uint32_t I, uint32_t Resource) {
  if (I == 0 || I >= Slots.size() || !Slots[I] || Slots[I]->Resource != Resource)
    return nullptr;
  return &*Slots[I];
}

Handle HandleTable::remove(uint32_t I) {
  Handle H = *Slots[I];
  Slots[I].reset();
  Free.push_back(I);
  --Live;
  return H;
}

// ---- Context.

void AbiContext::trap(std::string Message) {
  if (!failed())
    Failure = canonicalAbiTrap(Message);
}

void AbiContext::error(std::string Message) {
  if (!failed())
    ErrorFailure = Error{ErrorKind::Invalid, Error::kNoOffset,
                         std::move(Message), {}};
}

namespace {

std::span<uint8_t> memoryOf(AbiContext &Cx) {
  if (!Cx.Memory) {
    Cx.trap("the canonical options have no memory");
    return {};
  }
  return Cx.Memory();
}

/// Checks [Ptr, Ptr+Len) lies in memory and Ptr is aligned; traps if not.
bool checkRange(AbiContext &Cx, uint64_t Ptr, uint64_t Len, uint32_t Align,
                const char *What) {
  if (Cx.failed())
    return false;
  if (Ptr % Align != 0) {
    Cx.trap(fmt::format("unaligned {} pointer {:#x} (alignment {})", What, Ptr,
                        Align));
    return false;
  }
  std::span<uint8_t> M = memoryOf(Cx);
  if (Cx.failed())
    return false;
  if (Ptr + Len > M.size()) {
    Cx.trap(fmt::format("{} out of bounds: [{:#x}, {:#x}) exceeds memory of "
                        "{:#x} bytes",
                        What, Ptr, Ptr + Len, M.size()));
    return false;
  }
  return true;
}

uint64_t loadInt(AbiContext &Cx, uint32_t Ptr, unsigned N) {
  std::span<uint8_t> M = memoryOf(Cx);
  uint64_t V = 0;
  std::memcpy(&V, M.data() + Ptr, N); // little-endian host
  return V;
}

void storeInt(AbiContext &Cx, uint64_t V, uint32_t Ptr, unsigned N) {
  std::span<uint8_t> M = memoryOf(Cx);
  std::memcpy(M.data() + Ptr, &V, N);
}

uint32_t callRealloc(AbiContext &Cx, uint32_t Old, uint32_t OldSize,
                     uint32_t Align, uint32_t NewSize) {
  if (Cx.failed())
    return 0;
  if (!Cx.Realloc) {
    Cx.trap("the canonical options have no realloc");
    return 0;
  }
  Outcome<uint32_t> R = Cx.Realloc(Old, OldSize, Align, NewSize);
  if (R.isTrap()) {
    Cx.Failure = R.takeTrap();
    return 0;
  }
  if (R.isError()) {
    Cx.ErrorFailure = R.takeError();
    return 0;
  }
  return *R;
}

int64_t signExtend(uint64_t V, unsigned Bits) {
  if (Bits == 64)
    return int64_t(V);
  uint64_t M = 1ull << (Bits - 1);
  V &= (1ull << Bits) - 1;
  return int64_t((V ^ M) - M);
}

unsigned intBits(cabi::Kind K) {
  switch (K) {
  case Kind::S8: case Kind::U8: return 8;
  case Kind::S16: case Kind::U16: return 16;
  case Kind::S32: case Kind::U32: return 32;
  default: return 64;
  }
}
bool isSigned(cabi::Kind K) {
  return K == Kind::S8 || K == Kind::S16 || K == Kind::S32 || K == Kind::S64;
}

uint32_t canonF32(uint32_t B) {
  return ((B & 0x7f800000u) == 0x7f800000u && (B & 0x7fffffu)) ? 0x7fc00000u
                                                                : B;
}
uint64_t canonF64(uint64_t B) {
  return ((B & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
          (B & 0xfffffffffffffull))
             ? 0x7ff8000000000000ull
             : B;
}

Value charFrom(AbiContext &Cx, uint64_t I) {
  if (I >= 0x110000 || (I >= 0xD800 && I <= 0xDFFF))
    Cx.trap(fmt::format("invalid char code point {:#x}", I));
  return Value::character(uint32_t(I));
}

bool kindMatches(AbiContext &Cx, const Value &V, const Type &T) {
  if (Cx.failed())
    return false;
  size_t Arity = V.Items.size();
  bool Ok = V.K == T.K;
  if (Ok && (T.K == Kind::Record || T.K == Kind::Tuple))
    Ok = Arity == T.Elems.size();
  else if (Ok && T.K == Kind::List)
    Ok = (!V.packed() || V.PackedElem == T.Elems[0]->K) &&
         (!T.Length || V.listSize() == T.Length);
  else if (Ok && T.isCaseLike())
    Ok = V.Case < T.numCases() &&
         Arity == (T.casePayload(V.Case) != nullptr ? 1u : 0u);
  if (!Ok)
    Cx.error(fmt::format("value does not match type {}", cabi::witName(T)));
  return Ok;
}

// ---- Resources.

/// Traps for a handle index that names no live handle of \p T's resource.
void badHandle(AbiContext &Cx, uint32_t I, const Type &T) {
  if (Cx.Handles && Cx.Handles->at(I))
    Cx.trap(fmt::format("handle index {} is a handle to another resource "
                        "type, not {}",
                        I, cabi::witName(T)));
  else
    Cx.trap(fmt::format("unknown handle index {} for {}: never created or "
                        "already dropped",
                        I, cabi::witName(T)));
}

/// Does an own/borrow of \p T cross to the host as a host-table index?
bool hostHeld(const AbiContext &Cx, const Type &T) {
  return Cx.HostHandles && Cx.ResourceOwners &&
         T.Resource < Cx.ResourceOwners->size() &&
         (*Cx.ResourceOwners)[T.Resource] != abi::component::kHostInstance;
}

Value liftOwn(AbiContext &Cx, uint32_t I, const Type &T) {
  Handle *H = Cx.Handles ? Cx.Handles->get(I, T.Resource) : nullptr;
  if (!H) {
    badHandle(Cx, I, T);
    return {};
  }
  if (!H->Own) {
    Cx.trap(fmt::format("handle {} is a borrow, not an own handle", I));
    return {};
  }
  if (H->LendCount != 0) {
    Cx.trap(fmt::format("cannot move own handle {} while it is lent", I));
    return {};
  }
  Handle Removed = Cx.Handles->remove(I);
  if (hostHeld(Cx, T)) {
    Handle Host{T.Resource, Removed.Rep, true, 0, 0};
    return Value::handle(Kind::Own, Cx.HostHandles->insert(Host));
  }
  return Value::handle(Kind::Own, Removed.Rep);
}

Value liftBorrow(AbiContext &Cx, uint32_t I, const Type &T) {
  Handle *H = Cx.Handles ? Cx.Handles->get(I, T.Resource) : nullptr;
  if (!H) {
    badHandle(Cx, I, T);
    return {};
  }
  if (H->Own) {
    ++H->LendCount;
    Cx.Lenders.push_back(I);
  }
  if (hostHeld(Cx, T)) {
    // The host holds the borrow while its function runs (releaseHostHandles).
    Handle Host{T.Resource, H->Rep, false, 0, Cx.CallScope};
    uint64_t J = Cx.HostHandles->insert(Host);
    Cx.HostBorrows.push_back(J);
    return Value::handle(Kind::Borrow, J);
  }
  return Value::handle(Kind::Borrow, H->Rep);
}

/// The rep behind the host's handle \p V for an own or borrow of \p T:
/// an own moves out of the host table, a borrow of an own is lent for the
/// call. Misuse is the host's error, not a trap of the guest.
std::optional<uint32_t> takeHostHandle(AbiContext &Cx, const Value &V,
                                       const Type &T) {
  uint64_t J = V.Bits;
  Handle *H = Cx.HostHandles->get(J, T.Resource);
  if (!H) {
    Cx.error(fmt::format(
        "{} handle {:#x} is not a live handle of the host: never received, "
        "already dropped, moved into the component, or of another resource "
        "type",
        cabi::witName(T), J));
    return std::nullopt;
  }
  if (T.K == Kind::Borrow) {
    if (H->Own) {
      ++H->LendCount;
      Cx.HostLenders.push_back(J);
    }
    return H->Rep;
  }
  if (!H->Own) {
    Cx.error(fmt::format("handle {:#x} is a borrow the host was lent; {} needs "
                         "an own handle",
                         J, cabi::witName(T)));
    return std::nullopt;
  }
  if (H->LendCount != 0) {
    Cx.error(fmt::format("cannot move handle {:#x} while it is lent", J));
    return std::nullopt;
  }
  return Cx.HostHandles->remove(J).Rep;
}

uint32_t lowerHandle(AbiContext &Cx, const Value &V, const Type &T) {
  if (!Cx.Handles) {
    Cx.trap("resource handles are not supported here");
    return 0;
  }
  uint32_t Rep = uint32_t(V.Bits);
  if (hostHeld(Cx, T)) {
    auto R = takeHostHandle(Cx, V, T);
    if (!R)
      return 0;
    Rep = *R;
  }
  if (T.K == Kind::Borrow && Cx.ResourceOwners &&
      T.Resource < Cx.ResourceOwners->size() &&
      (*Cx.ResourceOwners)[T.Resource] == Cx.Instance)
    return Rep;
  Handle H;
  H.Resource = T.Resource;
  H.Rep = Rep;
  H.Own = T.K == Kind::Own;
  if (!H.Own) {
    H.Scope = Cx.CallScope;
    ++Cx.BorrowCount;
  }
  return Cx.Handles->insert(H);
}

// ---- Strings.

Value loadStringFromRange(AbiContext &Cx, uint32_t Ptr, uint32_t Tagged) {
  uint64_t Bytes = Tagged;
  uint32_t Align = 1;
  enum { U8, U16, L1 } Enc = U8;
  switch (Cx.Encoding) {
  case StringEncoding::Utf8: break;
  case StringEncoding::Utf16:
    Align = 2, Bytes = 2ull * Tagged, Enc = U16;
    break;
  case StringEncoding::Latin1Utf16:
    Align = 2;
    if (Tagged & cabi::kUtf16Tag)
      Bytes = 2ull * (Tagged ^ cabi::kUtf16Tag), Enc = U16;
    else
      Enc = L1;
    break;
  }
  if (!checkRange(Cx, Ptr, Bytes, Align, "string"))
    return {};
  const uint8_t *P = memoryOf(Cx).data() + Ptr;
  std::string Out;
  size_t Bad = utf::kValid;
  switch (Enc) {
  case U8:
    Bad = utf::firstInvalidUtf8(P, Bytes);
    Out.assign(reinterpret_cast<const char *>(P), Bytes);
    break;
  case U16: Bad = utf::utf16ToUtf8At(P, Bytes / 2, Out); break;
  case L1: utf::latin1ToUtf8(P, Bytes, Out); break;
  }
  if (Bad != utf::kValid) {
    uint64_t At = Ptr + (Enc == U8 ? Bad : 2 * Bad);
    Cx.trap(Enc == U8
                ? fmt::format("invalid UTF-8 in string at {:#x}: byte {} of "
                              "{} (at {:#x}) starts no valid sequence",
                              Ptr, Bad, Bytes, At)
                : fmt::format("invalid UTF-16 in string at {:#x}: unpaired "
                              "surrogate at code unit {} of {} (at {:#x})",
                              Ptr, Bad, Bytes / 2, At));
    return {};
  }
  return Value::string(std::move(Out));
}

/// store_string_into_range for a UTF-8 source: returns (ptr, tagged units).
std::pair<uint32_t, uint32_t> storeStringIntoRange(AbiContext &Cx,
                                                   const std::string &S) {
  uint64_t Units = S.size(); // UTF-8 code units
  auto Check = [&](uint32_t Ptr, uint64_t Len, uint32_t Align) {
    return checkRange(Cx, Ptr, Len, Align, "string");
  };
  switch (Cx.Encoding) {
  case StringEncoding::Utf8: {
    if (Units > cabi::kMaxStringByteLength) {
      Cx.trap("string too long");
      return {};
    }
    uint32_t Ptr = callRealloc(Cx, 0, 0, 1, uint32_t(Units));
    if (!Check(Ptr, Units, 1))
      return {};
    std::memcpy(memoryOf(Cx).data() + Ptr, S.data(), Units);
    return {Ptr, uint32_t(Units)};
  }
  case StringEncoding::Utf16: {
    uint64_t Worst = 2 * Units;
    if (Worst > cabi::kMaxStringByteLength) {
      Cx.trap("string too long");
      return {};
    }
    uint32_t Ptr = callRealloc(Cx, 0, 0, 2, uint32_t(Worst));
    if (!Check(Ptr, Worst, 2))
      return {};
    std::vector<uint16_t> Enc = utf::utf8ToUtf16(S);
    uint64_t Len = 2 * Enc.size();
    if (Len) // an empty vector's data() may be null: memcpy's UB (UBSan)
      std::memcpy(memoryOf(Cx).data() + Ptr, Enc.data(), Len);
    if (Len < Worst) {
      Ptr = callRealloc(Cx, Ptr, uint32_t(Worst), 2, uint32_t(Len));
      if (!Check(Ptr, Len, 2))
        return {};
    }
    return {Ptr, uint32_t(Enc.size())};
  }
  case StringEncoding::Latin1Utf16: {
    if (Units > cabi::kMaxStringByteLength) {
      Cx.trap("string too long");
      return {};
    }
    uint32_t Ptr = callRealloc(Cx, 0, 0, 2, uint32_t(Units));
    if (!Check(Ptr, Units, 2))
      return {};
    std::vector<uint16_t> Enc = utf::utf8ToUtf16(S);
    bool Latin1 = true;
    for (uint16_t C : Enc)
      Latin1 &= C < 256;
    if (Latin1) {
      uint8_t *M = memoryOf(Cx).data() + Ptr;
      for (size_t I = 0; I < Enc.size(); ++I)
        M[I] = uint8_t(Enc[I]);
      if (Enc.size() < Units) {
        Ptr = callRealloc(Cx, Ptr, uint32_t(Units), 2, uint32_t(Enc.size()));
        if (!Check(Ptr, Enc.size(), 2))
          return {};
      }
      return {Ptr, uint32_t(Enc.size())};
    }
    uint64_t Worst = 2 * Units;
    if (Worst > cabi::kMaxStringByteLength) {
      Cx.trap("string too long");
      return {};
    }
    Ptr = callRealloc(Cx, Ptr, uint32_t(Units), 2, uint32_t(Worst));
    if (!Check(Ptr, Worst, 2))
      return {};
    uint64_t Len = 2 * Enc.size();
    std::memcpy(memoryOf(Cx).data() + Ptr, Enc.data(), Len);
    if (Worst > Len) {
      Ptr = callRealloc(Cx, Ptr, uint32_t(Worst), 2, uint32_t(Len));
      if (!Check(Ptr, Len, 2))
        return {};
    }
    return {Ptr, uint32_t(Enc.size()) | cabi::kUtf16Tag};
  }
  }
  return {};
}

// ---- Lists.

Value loadListFromRange(AbiContext &Cx, uint32_t Ptr, uint32_t Length,
                        const Type &Elem) {
  uint64_t Bytes = uint64_t(Length) * Elem.Size;
  if (!checkRange(Cx, Ptr, Bytes, Elem.Align, "list"))
    return {};
  // Integers have no invalid bit patterns: the list is its bytes (packed,
  // value.h), one memcpy instead of one Value per element.
  if (Value::isPackable(Elem.K))
    return Value::packedList(
        Elem.K, std::string(reinterpret_cast<const char *>(
                                memoryOf(Cx).data() + Ptr),
                            size_t(Bytes)));
  std::vector<Value> Items;
  Items.reserve(Length);
  for (uint32_t I = 0; I < Length && !Cx.failed(); ++I)
    Items.push_back(load(Cx, Ptr + I * Elem.Size, Elem));
  return Value::list(std::move(Items));
}

std::pair<uint32_t, uint32_t> storeListIntoRange(AbiContext &Cx,
                                                 const Value &V,
                                                 const Type &Elem) {
  uint64_t Bytes = uint64_t(V.listSize()) * Elem.Size;
  if (Bytes >= (1ull << 32)) {
    Cx.trap("list too long");
    return {};
  }
  uint32_t Ptr = callRealloc(Cx, 0, 0, Elem.Align, uint32_t(Bytes));
  if (!checkRange(Cx, Ptr, Bytes, Elem.Align, "list"))
    return {};
  if (V.packed()) { // kindMatches checked the element kind
    if (Bytes)
      std::memcpy(memoryOf(Cx).data() + Ptr, V.Str.data(), size_t(Bytes));
    return {Ptr, uint32_t(V.listSize())};
  }
  for (size_t I = 0; I < V.Items.size() && !Cx.failed(); ++I)
    store(Cx, V.Items[I], Elem, Ptr + uint32_t(I) * Elem.Size);
  return {Ptr, uint32_t(V.Items.size())};
}

// ---- Flat values.

class FlatIter {
public:
  explicit FlatIter(std::span<const Val> Vs) : Vs(Vs) {}
  uint64_t next(AbiContext &Cx) {
    if (I >= Vs.size()) {
      Cx.error("too few core values");
      return 0;
    }
    const Val &V = Vs[I++];
    switch (V.type()) {
    case ValType::I32: return uint32_t(V.i32());
    case ValType::F32: return V.f32Bits();
    case ValType::I64: return uint64_t(V.i64());
    case ValType::F64: return V.f64Bits();
    default: return 0;
    }
  }
  ValType peekType() const {
    return I < Vs.size() ? Vs[I].type() : ValType::I32;
  }

private:
  std::span<const Val> Vs;
  size_t I = 0;
};

Val flatVal(ValType T, uint64_t Bits) {
  switch (T) {
  case ValType::I32: return Val::fromI32(int32_t(uint32_t(Bits)));
  case ValType::I64: return Val::fromI64(int64_t(Bits));
  case ValType::F32: return Val::fromF32Bits(uint32_t(Bits));
  case ValType::F64: return Val::fromF64Bits(Bits);
  default: return Val::fromI32(0);
  }
}

Value liftFlat(AbiContext &Cx, FlatIter &It, const Type &T);

/// Lifts a case payload whose flat slots were joined with other cases'
/// (lift_flat_variant's CoerceValueIter): reads the joined slots into the
/// payload's own flat types.
Value liftFlatVariant(AbiContext &Cx, FlatIter &It, const Type &T) {
  uint64_t CaseIndex = uint32_t(It.next(Cx));
  if (CaseIndex >= T.numCases()) {
    Cx.trap(fmt::format("invalid discriminant {} for {} ({} cases)",
                        CaseIndex, cabi::witName(T), T.numCases()));
    return {};
  }
  size_t NumPayload = T.Flat.size() - 1;
  std::vector<uint64_t> Slots(NumPayload);
  for (size_t I = 0; I < NumPayload; ++I)
    Slots[I] = It.next(Cx);
  const Type *P = T.casePayload(uint32_t(CaseIndex));
  std::vector<Value> Payload;
  if (P) {
    std::vector<Val> Coerced;
    for (size_t I = 0; I < P->Flat.size(); ++I) {
      ValType Have = T.Flat[I + 1], Want = P->Flat[I];
      uint64_t X = Slots[I];
      if (Have == ValType::I64 && Want != ValType::I64 && Want != ValType::F64)
        X = uint32_t(X); // wrap_i64_to_i32
      Coerced.push_back(flatVal(Want, X));
    }
    FlatIter Sub(Coerced);
    Payload.push_back(liftFlat(Cx, Sub, *P));
  }
  return Value::caseOf(T.K, uint32_t(CaseIndex), std::move(Payload));
}

Value liftFlat(AbiContext &Cx, FlatIter &It, const Type &T) {
  if (Cx.failed())
    return {};
  switch (T.K) {
  case Kind::Bool: return Value::boolean(uint32_t(It.next(Cx)) != 0);
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::S64:
    return Value::s(T.K, signExtend(It.next(Cx), intBits(T.K)));
  case Kind::U8: case Kind::U16: case Kind::U32: case Kind::U64: {
    unsigned B = intBits(T.K);
    uint64_t V = It.next(Cx);
    return Value::u(T.K, B == 64 ? V : V & ((1ull << B) - 1));
  }
  case Kind::F32: {
    Value V = Value::u(Kind::F32, canonF32(uint32_t(It.next(Cx))));
    return V;
  }
  case Kind::F64: return Value::u(Kind::F64, canonF64(It.next(Cx)));
  case Kind::Char: return charFrom(Cx, uint32_t(It.next(Cx)));
  case Kind::String: {
    uint32_t Ptr = uint32_t(It.next(Cx));
    uint32_t Len = uint32_t(It.next(Cx));
    return loadStringFromRange(Cx, Ptr, Len);
  }
  case Kind::List: {
    if (T.Length) {
      std::vector<Value> Items;
      for (uint32_t I = 0; I < T.Length; ++I)
        Items.push_back(liftFlat(Cx, It, *T.Elems[0]));
      return Value::list(std::move(Items));
    }
    uint32_t Ptr = uint32_t(It.next(Cx));
    uint32_t Len = uint32_t(It.next(Cx));
    return loadListFromRange(Cx, Ptr, Len, *T.Elems[0]);
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<Value> Fields;
    for (const cabi::TypeRef &F : T.Elems)
      Fields.push_back(liftFlat(Cx, It, *F));
    return T.K == Kind::Record ? Value::record(std::move(Fields))
                               : Value::tuple(std::move(Fields));
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result:
    return liftFlatVariant(Cx, It, T);
  case Kind::Flags: {
    std::vector<uint32_t> Words;
    for (uint32_t I = 0; I < T.flagWords(); ++I)
      Words.push_back(uint32_t(It.next(Cx)));
    if (size_t R = T.Labels.size() % 32; R && !Words.empty())
      Words.back() &= (1u << R) - 1;
    return Value::flags(std::move(Words));
  }
  case Kind::Own: return liftOwn(Cx, uint32_t(It.next(Cx)), T);
  case Kind::Borrow: return liftBorrow(Cx, uint32_t(It.next(Cx)), T);
  }
  return {};
}

void lowerFlat(AbiContext &Cx, const Value &V, const Type &T,
               std::vector<Val> &Out);

void lowerFlatVariant(AbiContext &Cx, const Value &V, const Type &T,
                      std::vector<Val> &Out) {
  if (V.Case >= T.numCases()) {
    Cx.error(fmt::format("case {} out of range for {}", V.Case,
                         cabi::witName(T)));
    return;
  }
  const Type *P = T.casePayload(V.Case);
  if (bool(P) != (V.Items.size() == 1)) {
    Cx.error(fmt::format("case {} of {} {} a payload", V.Case,
                         cabi::witName(T), P ? "needs" : "has no"));
    return;
  }
  Out.push_back(Val::fromI32(int32_t(V.Case)));
  std::vector<Val> Payload;
  if (P)
    lowerFlat(Cx, V.Items[0], *P, Payload);
  for (size_t I = 0; I + 1 < T.Flat.size(); ++I) {
    ValType Want = T.Flat[I + 1];
    if (I >= Payload.size()) {
      Out.push_back(flatVal(Want, 0));
      continue;
    }
    const Val &Have = Payload[I];
    uint64_t Bits = 0;
    switch (Have.type()) {
    case ValType::I32: case ValType::F32: Bits = uint32_t(Have.i32()); break;
    default: Bits = uint64_t(Have.i64()); break;
    }
    Out.push_back(flatVal(Want, Bits));
  }
}

void lowerFlat(AbiContext &Cx, const Value &V, const Type &T,
               std::vector<Val> &Out) {
  if (!kindMatches(Cx, V, T))
    return;
  switch (T.K) {
  case Kind::Bool:
    Out.push_back(Val::fromI32(V.Bits != 0));
    return;
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::U8: case Kind::U16:
  case Kind::U32:
    Out.push_back(Val::fromI32(int32_t(uint32_t(V.Bits))));
    return;
  case Kind::S64: case Kind::U64:
    Out.push_back(Val::fromI64(int64_t(V.Bits)));
    return;
  case Kind::F32:
    Out.push_back(Val::fromF32Bits(canonF32(uint32_t(V.Bits))));
    return;
  case Kind::F64:
    Out.push_back(Val::fromF64Bits(canonF64(V.Bits)));
    return;
  case Kind::Char:
    Out.push_back(Val::fromI32(int32_t(V.Bits)));
    return;
  case Kind::String: {
    auto [Ptr, Len] = storeStringIntoRange(Cx, V.Str);
    Out.push_back(Val::fromI32(int32_t(Ptr)));
    Out.push_back(Val::fromI32(int32_t(Len)));
    return;
  }
  case Kind::List: {
    if (T.Length) {
      Value Tmp;
      for (size_t I = 0; I < T.Length; ++I)
        lowerFlat(Cx, V.packed() ? (Tmp = V.elem(I)) : V.Items[I],
                  *T.Elems[0], Out);
      return;
    }
    auto [Ptr, Len] = storeListIntoRange(Cx, V, *T.Elems[0]);
    Out.push_back(Val::fromI32(int32_t(Ptr)));
    Out.push_back(Val::fromI32(int32_t(Len)));
    return;
  }
  case Kind::Record: case Kind::Tuple:
    for (size_t I = 0; I < T.Elems.size(); ++I)
      lowerFlat(Cx, V.Items[I], *T.Elems[I], Out);
    return;
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result:
    lowerFlatVariant(Cx, V, T, Out);
    return;
  case Kind::Flags:
    for (uint32_t I = 0; I < T.flagWords(); ++I)
      Out.push_back(Val::fromI32(
          int32_t(I < V.FlagWords.size() ? V.FlagWords[I] : 0)));
    return;
  case Kind::Own: case Kind::Borrow:
    Out.push_back(Val::fromI32(int32_t(lowerHandle(Cx, V, T))));
    return;
  }
}

} // namespace

// ---- Memory.

Value load(AbiContext &Cx, uint32_t Ptr, const Type &T) {
  if (Cx.failed())
    return {};
  switch (T.K) {
  case Kind::Bool: return Value::boolean(loadInt(Cx, Ptr, 1) != 0);
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::S64:
  case Kind::U8: case Kind::U16: case Kind::U32: case Kind::U64: {
    unsigned B = intBits(T.K);
    uint64_t V = loadInt(Cx, Ptr, B / 8);
    return isSigned(T.K) ? Value::s(T.K, signExtend(V, B)) : Value::u(T.K, V);
  }
  case Kind::F32: return Value::u(Kind::F32, canonF32(uint32_t(loadInt(Cx, Ptr, 4))));
  case Kind::F64: return Value::u(Kind::F64, canonF64(loadInt(Cx, Ptr, 8)));
  case Kind::Char: return charFrom(Cx, loadInt(Cx, Ptr, 4));
  case Kind::String:
    return loadStringFromRange(Cx, uint32_t(loadInt(Cx, Ptr, 4)),
                               uint32_t(loadInt(Cx, Ptr + 4, 4)));
  case Kind::List: {
    const Type &E = *T.Elems[0];
    if (T.Length) {
      std::vector<Value> Items;
      for (uint32_t I = 0; I < T.Length && !Cx.failed(); ++I)
        Items.push_back(load(Cx, Ptr + I * E.Size, E));
      return Value::list(std::move(Items));
    }
    return loadListFromRange(Cx, uint32_t(loadInt(Cx, Ptr, 4)),
                             uint32_t(loadInt(Cx, Ptr + 4, 4)), E);
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<uint32_t> Off = T.fieldOffsets();
    std::vector<Value> Fields;
    for (size_t I = 0; I < T.Elems.size(); ++I)
      Fields.push_back(load(Cx, Ptr + Off[I], *T.Elems[I]));
    return T.K == Kind::Record ? Value::record(std::move(Fields))
                               : Value::tuple(std::move(Fields));
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    uint64_t CaseIndex = loadInt(Cx, Ptr, T.discSize());
    if (CaseIndex >= T.numCases()) {
      Cx.trap(fmt::format("invalid discriminant {} for {} ({} cases)",
                        CaseIndex, cabi::witName(T), T.numCases()));
      return {};
    }
    std::vector<Value> Payload;
    if (const Type *P = T.casePayload(uint32_t(CaseIndex)))
      Payload.push_back(load(Cx, Ptr + T.payloadOffset(), *P));
    return Value::caseOf(T.K, uint32_t(CaseIndex), std::move(Payload));
  }
  case Kind::Flags: {
    std::vector<uint32_t> Words;
    if (T.Size <= 4) {
      if (T.Size)
        Words.push_back(uint32_t(loadInt(Cx, Ptr, T.Size)));
    } else {
      for (uint32_t I = 0; I < T.flagWords(); ++I)
        Words.push_back(uint32_t(loadInt(Cx, Ptr + 4 * I, 4)));
    }
    if (size_t R = T.Labels.size() % 32; R && !Words.empty())
      Words.back() &= (1u << R) - 1;
    return Value::flags(std::move(Words));
  }
  case Kind::Own: return liftOwn(Cx, uint32_t(loadInt(Cx, Ptr, 4)), T);
  case Kind::Borrow: return liftBorrow(Cx, uint32_t(loadInt(Cx, Ptr, 4)), T);
  }
  return {};
}

void store(AbiContext &Cx, const Value &V, const Type &T, uint32_t Ptr) {
  if (!kindMatches(Cx, V, T))
    return;
  switch (T.K) {
  case Kind::Bool: storeInt(Cx, V.Bits != 0, Ptr, 1); return;
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::S64:
  case Kind::U8: case Kind::U16: case Kind::U32: case Kind::U64:
    storeInt(Cx, V.Bits, Ptr, intBits(T.K) / 8);
    return;
  case Kind::F32: storeInt(Cx, canonF32(uint32_t(V.Bits)), Ptr, 4); return;
  case Kind::F64: storeInt(Cx, canonF64(V.Bits), Ptr, 8); return;
  case Kind::Char: storeInt(Cx, V.Bits, Ptr, 4); return;
  case Kind::String: {
    auto [P, Len] = storeStringIntoRange(Cx, V.Str);
    if (Cx.failed())
      return;
    storeInt(Cx, P, Ptr, 4);
    storeInt(Cx, Len, Ptr + 4, 4);
    return;
  }
  case Kind::List: {
    const Type &E = *T.Elems[0];
    if (T.Length) {
      Value Tmp;
      for (uint32_t I = 0; I < T.Length && I < V.listSize(); ++I)
        store(Cx, V.packed() ? (Tmp = V.elem(I)) : V.Items[I], E,
              Ptr + I * E.Size);
      return;
    }
    auto [P, Len] = storeListIntoRange(Cx, V, E);
    if (Cx.failed())
      return;
    storeInt(Cx, P, Ptr, 4);
    storeInt(Cx, Len, Ptr + 4, 4);
    return;
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<uint32_t> Off = T.fieldOffsets();
    for (size_t I = 0; I < T.Elems.size(); ++I)
      store(Cx, V.Items[I], *T.Elems[I], Ptr + Off[I]);
    return;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    storeInt(Cx, V.Case, Ptr, T.discSize());
    if (const Type *P = T.casePayload(V.Case))
      store(Cx, V.Items[0], *P, Ptr + T.payloadOffset());
    return;
  }
  case Kind::Flags:
    if (T.Size <= 4) {
      if (T.Size)
        storeInt(Cx, V.FlagWords.empty() ? 0 : V.FlagWords[0], Ptr, T.Size);
    } else {
      for (uint32_t I = 0; I < T.flagWords(); ++I)
        storeInt(Cx, I < V.FlagWords.size() ? V.FlagWords[I] : 0, Ptr + 4 * I,
                 4);
    }
    return;
  case Kind::Own: case Kind::Borrow:
    storeInt(Cx, lowerHandle(Cx, V, T), Ptr, 4);
    return;
  }
}

// ---- Values.

Outcome<std::vector<Value>> liftValues(AbiContext &Cx, unsigned MaxFlat,
                                       std::span<const Val> Flat,
                                       const std::vector<cabi::TypeRef> &Ts) {
  std::vector<Value> Out;
  FlatIter It(Flat);
  if (cabi::flattenTypes(Ts).size() > MaxFlat) {
    uint32_t Ptr = uint32_t(It.next(Cx));
    cabi::TypeRef Tuple = cabi::spillTuple(Ts);
    if (checkRange(Cx, Ptr, Tuple->Size, Tuple->Align, "spilled values")) {
      Value V = load(Cx, Ptr, *Tuple);
      Out = std::move(V.Items);
    }
  } else {
    for (const cabi::TypeRef &T : Ts)
      Out.push_back(liftFlat(Cx, It, *T));
  }
  if (Cx.Failure)
    return *Cx.Failure;
  if (Cx.ErrorFailure)
    return *Cx.ErrorFailure;
  return Out;
}

Outcome<std::vector<Val>> lowerValues(AbiContext &Cx, unsigned MaxFlat,
                                      const std::vector<Value> &Vs,
                                      const std::vector<cabi::TypeRef> &Ts,
                                      std::optional<uint32_t> OutPtr) {
  if (Vs.size() != Ts.size())
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 fmt::format("expected {} values, got {}", Ts.size(),
                             Vs.size()),
                 {}};
  std::vector<Val> Out;
  if (cabi::flattenTypes(Ts).size() > MaxFlat) {
    cabi::TypeRef Tuple = cabi::spillTuple(Ts);
    uint32_t Ptr = OutPtr ? *OutPtr
                          : callRealloc(Cx, 0, 0, Tuple->Align, Tuple->Size);
    if (checkRange(Cx, Ptr, Tuple->Size, Tuple->Align, "spilled values")) {
      store(Cx, Value::tuple(Vs), *Tuple, Ptr);
      if (!OutPtr)
        Out.push_back(Val::fromI32(int32_t(Ptr)));
    }
  } else {
    for (size_t I = 0; I < Vs.size(); ++I)
      lowerFlat(Cx, Vs[I], *Ts[I], Out);
  }
  if (Cx.Failure)
    return *Cx.Failure;
  if (Cx.ErrorFailure)
    return *Cx.ErrorFailure;
  return Out;
}

void releaseHostHandles(AbiContext &Cx) {
  if (!Cx.HostHandles)
    return;
  for (uint64_t J : Cx.HostLenders)
    if (Handle *H = Cx.HostHandles->at(J); H && H->LendCount)
      --H->LendCount;
  for (uint64_t J : Cx.HostBorrows)
    if (Handle *H = Cx.HostHandles->at(J);
        H && !H->Own && H->Scope == Cx.CallScope)
      Cx.HostHandles->remove(J);
  Cx.HostLenders.clear();
  Cx.HostBorrows.clear();
}

uint32_t lowerHandleValue(AbiContext &Cx, const Value &V, const Type &T) {
  return lowerHandle(Cx, V, T);
}

Value liftHandleValue(AbiContext &Cx, uint32_t I, const Type &T) {
  return T.K == cabi::Kind::Own ? liftOwn(Cx, I, T) : liftBorrow(Cx, I, T);
}

std::optional<Trap> finishCall(AbiContext &Cx) {
  releaseHostHandles(Cx);
  if (size_t N = Cx.BorrowCount && Cx.Handles
                     ? Cx.Handles->liveInScope(Cx.CallScope)
                     : 0)
    return canonicalAbiTrap(fmt::format(
        "{} borrowed handle(s) not dropped before the call returned", N));
  for (uint32_t I : Cx.Lenders)
    if (Handle *H = Cx.Handles ? Cx.Handles->at(I) : nullptr)
      --H->LendCount;
  Cx.Lenders.clear();
  return std::nullopt;
}

} // namespace wasmaot::runtime::component
