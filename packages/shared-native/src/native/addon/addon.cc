// The N-API binding: a thin layer over warp::Region. The functions are made once
// per module (making functions per open costs native memory that V8 never gives
// back); each call takes the region's handle, an External, as its first argument:
// reading it is a type check and a pointer load, no unwrap. Hot paths use the C
// N-API directly: a key (string, bytes or a length in the key buffer) is decoded
// by one function into a stack buffer, a value comes back as a JS string or is
// copied into one buffer that JS handed over at open and reuses for every get. No
// JS object ever points into the mapping. Result numbers: result_codes.h.
#include <napi.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../core/errors.h"
#include "../core/region.h"
#include "../core/utf16.h"
#include "result_codes.h"

namespace {

using warp::Region;

constexpr size_t kStackKeyWords = 512;  // 4 KiB of encoded key
// String keys up to this many UTF-16 units are encoded here (3 bytes a unit at
// most, plus the prefix, fits kStackKeyWords); longer ones take the JS (bytes) path.
constexpr size_t kStackKeyUnits = 1024;
namespace result = warp::result;

struct Handle {
  std::unique_ptr<Region> region;
  Napi::Reference<Napi::Uint8Array> out_ref;  // the reused value buffer
  uint64_t* out = nullptr;                    // its bytes (8-aligned, ValueBufferWords words)
  uint8_t key_prefix[8] = {0};                // encodeKey('') of core's codec
  uint32_t key_prefix_len = 0;
  uint8_t value_prefix[8] = {0};  // encodeValue(''): a value starting with it is a UTF-8 string
  uint32_t value_prefix_len = 0;
  bool fast_values = false;
  std::vector<uint64_t> scratch;      // long byte keys
  const uint8_t* key_buffer = nullptr;  // JS encodes primitive keys here (see BytesKey)
  uint32_t key_buffer_bytes = 0;
  Napi::Reference<Napi::Uint8Array> key_buffer_ref;
  std::vector<uint8_t> value_utf8;    // setSS's encoded value
  std::vector<char16_t> value_units;  // setSS's value as V8 hands it out
  // The reader's memo (see warp::ReadMemo): JS owns the arrays and the values they
  // stand for; a fresh hit reports where its value came from in read_info.
  warp::ReadMemo memo{nullptr, nullptr, 0};
  bool memo_on = false;
  uint32_t memo_max_bytes = 0;  // longer values are not worth keeping
  double* read_info = nullptr;  // [slot, generation (0 = do not remember)]
  Napi::Reference<Napi::Int32Array> memo_slots_ref;
  Napi::Reference<Napi::Float64Array> memo_generations_ref;
  Napi::Reference<Napi::Float64Array> read_info_ref;
};

void ThrowCoded(napi_env env, const char* code, const std::string& message, int err) {
  napi_value msg, code_value, error;
  napi_create_string_utf8(env, message.c_str(), message.size(), &msg);
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_error(env, nullptr, msg, &error);
  napi_set_named_property(env, error, "code", code_value);
  if (err != 0) {
    napi_value errno_value;
    napi_create_int32(env, err, &errno_value);
    napi_set_named_property(env, error, "errno", errno_value);
  }
  napi_throw(env, error);
}

void ThrowRegionError(napi_env env, const warp::RegionError& e) {
  ThrowCoded(env, e.code(), e.what(), e.error_number());
}

// A string key as the codec would encode it (prefix + UTF-8), in a caller's stack
// buffer. Returns its length, or -2 when the JS codec must encode it: longer than
// kStackKeyUnits, or with a lone surrogate (the codec stores those as UTF-16).
int64_t StringKey(napi_env env, napi_value value, const Handle* h, uint64_t* words) {
  char16_t units[kStackKeyUnits];
  size_t n = 0;
  if (napi_get_value_string_utf16(env, value, units, kStackKeyUnits, &n) != napi_ok) {
    return result::kBadArgument;
  }
  if (n + 1 >= kStackKeyUnits) return result::kNeedsCodec;  // perhaps cut short
  uint8_t* bytes = reinterpret_cast<uint8_t*>(words);
  const int64_t utf8 = warp::Utf16ToUtf8(units, n, bytes + h->key_prefix_len);
  if (utf8 < 0) return result::kNeedsCodec;
  std::memcpy(bytes, h->key_prefix, h->key_prefix_len);
  const size_t len = static_cast<size_t>(utf8) + h->key_prefix_len;
  // Zero the tail of the last word: keys are compared a word at a time.
  std::memset(bytes + len, 0, 8 - (len & 7));
  return static_cast<int64_t>(len);
}

// A byte key (already encoded by the JS codec), copied into zero-padded words:
// either a Uint8Array, or a length, meaning "the first `length` bytes of the key
// buffer JS handed over at open" (how primitive keys travel, with no allocation).
int64_t BytesKey(napi_env env, napi_value value, Handle* h, uint64_t* stack_words,
                 const uint64_t** key) {
  const void* data = nullptr;
  size_t len = 0;
  uint32_t in_buffer = 0;
  if (h->key_buffer != nullptr && napi_get_value_uint32(env, value, &in_buffer) == napi_ok) {
    if (in_buffer > h->key_buffer_bytes) return result::kBadArgument;
    data = h->key_buffer;
    len = in_buffer;
  } else {
    void* p = nullptr;
    napi_typedarray_type type;
    napi_value ab;
    size_t offset;
    if (napi_get_typedarray_info(env, value, &type, &len, &p, &ab, &offset) != napi_ok ||
        type != napi_uint8_array) {
      return result::kBadArgument;
    }
    data = p;
  }
  if (len > h->region->config().max_key_bytes) return static_cast<int64_t>(len);
  uint64_t* words = stack_words;
  const size_t need = Region::KeyWords(static_cast<uint32_t>(len)) + 1;
  if (need > kStackKeyWords) {
    h->scratch.assign(need, 0);
    words = h->scratch.data();
  } else {
    std::memset(words, 0, need * 8);
  }
  if (len != 0) std::memcpy(words, data, len);
  *key = words;
  return static_cast<int64_t>(len);
}

// The one key decoder every call uses. A key argument is a string (encoded here
// as the codec would: prefix + UTF-8), a Uint8Array from encodeKey, or a number:
// the length of a key JS encoded into the key buffer it handed over at open. On
// success `*key` points to zero-padded words and the length is returned (it may
// be over max_key_bytes: callers decide what that means); else kNeedsCodec or
// kBadArgument.
int64_t DecodeKey(napi_env env, napi_value value, Handle* h, uint64_t* stack,
                  const uint64_t** key) {
  *key = stack;
  const int64_t len = StringKey(env, value, h, stack);
  if (len != result::kBadArgument) return len;  // a string (or one for the codec)
  return BytesKey(env, value, h, stack, key);
}

bool IsAscii(const char* text, size_t len) {
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    std::memcpy(&w, text + i, 8);
    any |= w;
  }
  for (; i < len; i++) any |= static_cast<uint8_t>(text[i]);
  return (any & 0x8080808080808080ULL) == 0;
}

napi_value Number(napi_env env, double v) {
  napi_value out;
  napi_create_double(env, v, &out);
  return out;
}

// A small integer (a result code, a memo index): V8 makes it without a double check.
napi_value Int(napi_env env, int32_t v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

// Reads the arguments; argv[0] must be a handle that is still open. Throws (and
// returns nullptr) otherwise.
Handle* Args(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  napi_get_cb_info(env, info, argc, argv, nullptr, nullptr);
  void* data = nullptr;
  if (*argc < 1 || napi_get_value_external(env, argv[0], &data) != napi_ok || data == nullptr) {
    ThrowCoded(env, "E_INVALID_OPTION", "[warp] not a shared cache handle", 0);
    return nullptr;
  }
  Handle* h = static_cast<Handle*>(data);
  if (!h->region) {
    ThrowCoded(env, "E_CLOSED", "[warp] the shared cache is closed", 0);
    return nullptr;
  }
  return h;
}

// After a Get: the value as a JS string when it is a codec string, else its byte
// length (the bytes are in the reused buffer); kMiss; kRememberedBase - i when the
// reader already holds it as memo entry i. A fresh hit also says, in read_info,
// where the value came from, so JS can remember it.
napi_value GetResult(napi_env env, Handle* h, int64_t n, const warp::ReadInfo& from) {
  if (n == warp::kRemembered) {
    return Int(env, result::kRememberedBase - static_cast<int32_t>(from.slot & h->memo.mask));
  }
  if (n < 0) return Int(env, result::kMiss);
  if (h->memo_on) {
    h->read_info[0] = from.slot;
    h->read_info[1] = n <= h->memo_max_bytes ? static_cast<double>(from.generation) : 0;
  }
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(h->out);
  if (h->fast_values && n >= h->value_prefix_len &&
      std::memcmp(bytes, h->value_prefix, h->value_prefix_len) == 0) {
    const char* text = reinterpret_cast<const char*>(bytes + h->value_prefix_len);
    const size_t len = static_cast<size_t>(n - h->value_prefix_len);
    napi_value s;
    // ASCII is the common case and needs no UTF-8 decoding.
    if (IsAscii(text, len)) {
      napi_create_string_latin1(env, text, len, &s);
    } else {
      napi_create_string_utf8(env, text, len, &s);
    }
    return s;
  }
  return Number(env, static_cast<double>(n));
}

// get(handle, key) → string | length | kMiss | kRememberedBase - i | kNeedsCodec | kBadArgument;
// getSettled(handle, key): the same answers, read with Region::GetSettled (no memo).
template <bool kSettled>
napi_value GetFn(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = DecodeKey(env, argv[1], h, stack, &key);
  if (len < 0) return Int(env, static_cast<int32_t>(len));
  if (len > h->region->config().max_key_bytes) {
    h->region->Get(stack, UINT32_MAX, h->out);  // counts the miss
    return Int(env, result::kMiss);
  }
  warp::ReadInfo from{};
  const int64_t n =
      kSettled ? h->region->GetSettled(key, static_cast<uint32_t>(len), h->out, &from)
               : h->region->Get(key, static_cast<uint32_t>(len), h->out,
                                h->memo_on ? &h->memo : nullptr, &from);
  return GetResult(env, h, n, from);
}

// has(handle, key) → kPresent | kAbsent | kNeedsCodec | kBadArgument
napi_value Has(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = DecodeKey(env, argv[1], h, stack, &key);
  if (len < 0) return Int(env, static_cast<int32_t>(len));
  if (len > h->region->config().max_key_bytes) return Int(env, result::kAbsent);
  return Int(env, h->region->Has(key, static_cast<uint32_t>(len)) ? result::kPresent
                                                                    : result::kAbsent);
}

// Claim tokens cross into JS as one exact double: kind · 2^42 + slot · 2^32 + word
// (kind: 0 claimed, 1 taken over, 2 busy; slot < 2^10).
constexpr double kTwo32 = 4294967296.0;
constexpr double kTwo42 = 4398046511104.0;

bool TokenArg(napi_env env, napi_value v, warp::ClaimToken* token) {
  double t = -1;
  if (napi_get_value_double(env, v, &t) != napi_ok || !(t >= 0) || t >= kTwo42) return false;
  token->slot = static_cast<uint32_t>(t / kTwo32);
  token->word = static_cast<uint32_t>(t - token->slot * kTwo32);
  return true;
}

// claim(handle, key, leaseMs) → token (see above) | kClaimFull | kNeedsCodec | kBadArgument
napi_value ClaimFn(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = DecodeKey(env, argv[1], h, stack, &key);
  if (len < 0) return Int(env, static_cast<int32_t>(len));
  double lease = 0;
  if (argc < 3 || napi_get_value_double(env, argv[2], &lease) != napi_ok || !(lease >= 1)) {
    return Int(env, result::kBadArgument);
  }
  if (len > h->region->config().max_key_bytes) return Int(env, result::kClaimFull);
  warp::ClaimToken token{};
  const auto r = h->region->Claim(key, static_cast<uint32_t>(len),
                                  lease > 9.0e15 ? INT64_MAX / 4 : static_cast<int64_t>(lease),
                                  &token);
  if (r == warp::ClaimResult::kFull) return Int(env, result::kClaimFull);
  const double kind = r == warp::ClaimResult::kClaimed ? 0 : r == warp::ClaimResult::kTakenOver ? 1 : 2;
  return Number(env, kind * kTwo42 + token.slot * kTwo32 + token.word);
}

bool ReleaseOp(Region* r, warp::ClaimToken t) { return r->ReleaseClaim(t); }
bool UnchangedOp(Region* r, warp::ClaimToken t) { return r->ClaimUnchanged(t); }

// releaseClaim(handle, token) → kPresent (released) | kAbsent (taken over meanwhile);
// claimUnchanged(handle, token) → kPresent while the claim word still reads the token's.
// The handle and token of a (handle, token) call. nullptr when either is bad: `*answer`
// is then what to return (an error already thrown, or kBadArgument for the token).
Handle* TokenCall(napi_env env, napi_callback_info info, warp::ClaimToken* token,
                  napi_value* answer) {
  size_t argc = 2;
  napi_value argv[2];
  *answer = nullptr;
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  if (argc < 2 || !TokenArg(env, argv[1], token)) {
    *answer = Int(env, result::kBadArgument);
    return nullptr;
  }
  return h;
}

template <bool (*Op)(Region*, warp::ClaimToken)>
napi_value TokenFn(napi_env env, napi_callback_info info) {
  warp::ClaimToken token{};
  napi_value answer;
  Handle* h = TokenCall(env, info, &token, &answer);
  if (h == nullptr) return answer;
  return Int(env, Op(h->region.get(), token) ? result::kPresent : result::kAbsent);
}

// claimLeaseLeft(handle, token) → ms left in the lease of the claim the token saw;
// 0 once it changed, its holder exited or its lease ran out (see Region::ClaimLeaseLeft).
napi_value ClaimLeaseLeftFn(napi_env env, napi_callback_info info) {
  warp::ClaimToken token{};
  napi_value answer;
  Handle* h = TokenCall(env, info, &token, &answer);
  if (h == nullptr) return answer;
  return Number(env, static_cast<double>(h->region->ClaimLeaseLeft(token)));
}

// heldClaims(handle) → the number of claim slots held now
napi_value HeldClaimsFn(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  return Number(env, h->region->HeldClaims());
}

// A Uint8Array value: `length` of its bytes (JS reuses one encode buffer). A length
// beyond the array is accepted only when it is over the limit anyway (then the
// bytes are never read: it is counted as oversize).
bool BytesValue(napi_env env, napi_value v, napi_value length, uint32_t max_value,
                const uint8_t** data, size_t* len) {
  void* p = nullptr;
  size_t available = 0;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &available, &p, &ab, &offset) != napi_ok ||
      type != napi_uint8_array) {
    return false;
  }
  double wanted = 0;
  if (napi_get_value_double(env, length, &wanted) != napi_ok || !(wanted >= 0)) return false;
  if (wanted > static_cast<double>(available) && wanted <= max_value) return false;
  *len = wanted > 4294967295.0 ? 4294967295u : static_cast<size_t>(wanted);
  *data = static_cast<const uint8_t*>(p);
  return true;
}

// A string value encoded as a codec string (prefix + UTF-8) into reused buffers
// that grow to the longest value seen. kNeedsCodec when the codec must do it: a
// string of more UTF-16 units than the limit has bytes is oversize whatever its
// encoding, and one with a lone surrogate is stored by the codec as UTF-16.
int64_t StringValue(napi_env env, napi_value v, Handle* h) {
  if (!h->fast_values) return result::kNeedsCodec;
  size_t n = 0;
  if (napi_get_value_string_utf16(env, v, nullptr, 0, &n) != napi_ok ||
      n > h->region->config().max_value_bytes) {
    return result::kNeedsCodec;
  }
  if (h->value_units.size() < n + 1) h->value_units.resize(n + 1);
  if (h->value_utf8.size() < 3 * n + h->value_prefix_len) {
    h->value_utf8.resize(3 * n + h->value_prefix_len);
  }
  napi_get_value_string_utf16(env, v, h->value_units.data(), n + 1, &n);
  const int64_t utf8 =
      warp::Utf16ToUtf8(h->value_units.data(), n, h->value_utf8.data() + h->value_prefix_len);
  if (utf8 < 0) return result::kNeedsCodec;
  std::memcpy(h->value_utf8.data(), h->value_prefix, h->value_prefix_len);
  return utf8 + h->value_prefix_len;
}

int64_t TtlArg(napi_env env, napi_value v) {
  double ttl = -1;
  napi_get_value_double(env, v, &ttl);
  return ttl < 0 ? -1 : static_cast<int64_t>(ttl);
}

// set(handle, key, value: string | Uint8Array, length (bytes values), ttl ms or -1)
//   → kStored | kOversize | kNeedsCodec | kBadArgument
napi_value Set(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t key_len = DecodeKey(env, argv[1], h, stack, &key);
  if (key_len < 0) return Int(env, static_cast<int32_t>(key_len));
  const auto& cfg = h->region->config();
  const uint8_t* value = nullptr;
  size_t value_len = 0;
  napi_valuetype type;
  napi_typeof(env, argv[2], &type);
  if (type == napi_string) {
    const int64_t n = StringValue(env, argv[2], h);
    if (n < 0) return Int(env, static_cast<int32_t>(n));
    value = h->value_utf8.data();
    value_len = static_cast<size_t>(n);
  } else if (!BytesValue(env, argv[2], argv[3], cfg.max_value_bytes, &value, &value_len)) {
    return Int(env, result::kBadArgument);
  }
  if (key_len > cfg.max_key_bytes || value_len > cfg.max_value_bytes) {
    // The key must not keep answering with its previous value.
    if (key_len <= cfg.max_key_bytes) {
      h->region->Delete(key, static_cast<uint32_t>(key_len), false);
    }
    h->region->CountOversize();
    return Int(env, result::kOversize);
  }
  const auto r = h->region->Set(key, static_cast<uint32_t>(key_len), value,
                                static_cast<uint32_t>(value_len), TtlArg(env, argv[4]));
  return Int(env, r == warp::SetResult::kStored ? result::kStored : result::kOversize);
}

// delete(handle, key) → kPresent (removed) | kAbsent | kNeedsCodec | kBadArgument
napi_value Delete(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = DecodeKey(env, argv[1], h, stack, &key);
  if (len < 0) return Int(env, static_cast<int32_t>(len));
  if (len > h->region->config().max_key_bytes) return Int(env, result::kAbsent);
  return Int(env, h->region->Delete(key, static_cast<uint32_t>(len)) ? result::kPresent
                                                                       : result::kAbsent);
}

napi_value Clear(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  h->region->Clear();
  return nullptr;
}

napi_value Size(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  return Number(env, static_cast<double>(h->region->Size()));
}

// stats(handle, out: Float64Array(9)): hits, misses, sets, deletes, evictions,
// expirations, oversize, size, capacity.
napi_value StatsFn(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  void* data = nullptr;
  size_t len = 0;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, argv[1], &type, &len, &data, &ab, &offset) != napi_ok ||
      type != napi_float64_array || len < 9) {
    ThrowCoded(env, "E_INVALID_OPTION", "stats needs a Float64Array(9)", 0);
    return nullptr;
  }
  const warp::RegionStats s = h->region->Stats();
  double* out = static_cast<double*>(data);
  const uint64_t values[9] = {s.hits,      s.misses,      s.sets,     s.deletes, s.evictions,
                              s.expirations, s.oversize, s.size,     s.capacity};
  for (int i = 0; i < 9; i++) out[i] = static_cast<double>(values[i]);
  return nullptr;
}

// Unmaps the region and drops every reference to JS memory at once; the Handle
// itself (a few hundred bytes) goes with the External. Closing twice is a no-op.
void Release(Handle* h) {
  h->region.reset();
  h->out = nullptr;
  h->memo_on = false;
  h->read_info = nullptr;
  h->key_buffer = nullptr;
  if (!h->out_ref.IsEmpty()) h->out_ref.Reset();
  if (!h->key_buffer_ref.IsEmpty()) h->key_buffer_ref.Reset();
  if (!h->memo_slots_ref.IsEmpty()) h->memo_slots_ref.Reset();
  if (!h->memo_generations_ref.IsEmpty()) h->memo_generations_ref.Reset();
  if (!h->read_info_ref.IsEmpty()) h->read_info_ref.Reset();
  std::vector<uint64_t>().swap(h->scratch);
  std::vector<uint8_t>().swap(h->value_utf8);
  std::vector<char16_t>().swap(h->value_units);
}

napi_value Close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  void* data = nullptr;
  if (argc >= 1 && napi_get_value_external(env, argv[0], &data) == napi_ok && data != nullptr) {
    Release(static_cast<Handle*>(data));
  }
  return nullptr;
}

#ifdef WARP_TEST_HOOKS
napi_value SetTimeOverride(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  double ms = -1;
  napi_get_value_double(env, argv[1], &ms);
  h->region->SetTimeOverride(ms < 0 ? -1 : static_cast<int64_t>(ms));
  return nullptr;
}

napi_value HoldLockForTest(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle* h = Args(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  bool mid_write = false;
  napi_get_value_bool(env, argv[1], &mid_write);
  h->region->HoldLockForTest(mid_write);  // never returns
  return nullptr;
}
#endif

// Every exported function goes through this: a RegionError (E_CORRUPT after the
// file shrank under us, E_TIMEOUT, …) becomes a JS error with its code. A C++
// exception must never leave a napi_callback.
template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value Catching(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const warp::RegionError& e) {
    ThrowRegionError(env, e);
    return nullptr;
  } catch (const std::exception& e) {
    ThrowCoded(env, "E_IO", e.what(), 0);
    return nullptr;
  }
}

uint32_t ReadPrefix(const Napi::Value& v, uint8_t* out, bool* ok) {
  if (!v.IsTypedArray()) {
    *ok = false;
    return 0;
  }
  const auto bytes = v.As<Napi::Uint8Array>();
  if (bytes.ByteLength() > 8) {
    *ok = false;
    return 0;
  }
  std::memcpy(out, bytes.Data(), bytes.ByteLength());
  *ok = true;
  return static_cast<uint32_t>(bytes.ByteLength());
}

// The optional reader memo: { memoSlots: Int32Array(2^k), memoGenerations:
// Float64Array(2^k), readInfo: Float64Array(2), memoMaxBytes }. False (with a JS
// error thrown) when it is malformed.
bool AttachMemo(napi_env env, const Napi::Object& o, Handle* h) {
  const Napi::Value slots = o.Get("memoSlots");
  if (slots.IsUndefined()) return true;
  const Napi::Value generations = o.Get("memoGenerations");
  const Napi::Value info = o.Get("readInfo");
  const Napi::Value max_bytes = o.Get("memoMaxBytes");
  const bool typed = slots.IsTypedArray() && generations.IsTypedArray() && info.IsTypedArray() &&
                     max_bytes.IsNumber() &&
                     slots.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array &&
                     generations.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array &&
                     info.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array;
  const size_t entries = typed ? slots.As<Napi::Int32Array>().ElementLength() : 0;
  if (!typed || entries == 0 || (entries & (entries - 1)) != 0 ||
      generations.As<Napi::Float64Array>().ElementLength() != entries ||
      info.As<Napi::Float64Array>().ElementLength() < 2) {
    ThrowCoded(env, "E_INVALID_OPTION",
               "the read memo must be an Int32Array and a Float64Array of one power-of-two "
               "length, and a Float64Array of 2",
               0);
    return false;
  }
  h->memo_slots_ref = Napi::Persistent(slots.As<Napi::Int32Array>());
  h->memo_generations_ref = Napi::Persistent(generations.As<Napi::Float64Array>());
  h->read_info_ref = Napi::Persistent(info.As<Napi::Float64Array>());
  h->memo.slots = slots.As<Napi::Int32Array>().Data();
  h->memo.generations = generations.As<Napi::Float64Array>().Data();
  h->memo.mask = static_cast<uint32_t>(entries - 1);
  h->read_info = info.As<Napi::Float64Array>().Data();
  h->memo_max_bytes = max_bytes.As<Napi::Number>().Uint32Value();
  h->memo_on = true;
  return true;
}

// open({ dir, name, max, maxKeyBytes, maxValueBytes, ttl, codecId, keyPrefix,
//        valuePrefix, lockTimeout, keyBuffer?, memoSlots?, memoGenerations?, readInfo?, memoMaxBytes? },
//      out: Uint8Array) → handle
Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Object o = info[0].As<Napi::Object>();
  warp::RegionConfig c;
  c.dir = o.Get("dir").As<Napi::String>().Utf8Value();
  c.name = o.Get("name").As<Napi::String>().Utf8Value();
  c.capacity = static_cast<uint64_t>(o.Get("max").As<Napi::Number>().DoubleValue());
  c.max_key_bytes = o.Get("maxKeyBytes").As<Napi::Number>().Uint32Value();
  c.max_value_bytes = o.Get("maxValueBytes").As<Napi::Number>().Uint32Value();
  c.default_ttl_ms = o.Get("ttl").As<Napi::Number>().Int64Value();
  c.codec_id = o.Get("codecId").As<Napi::Number>().Uint32Value();
  const Napi::Value timeout = o.Get("lockTimeout");
  if (timeout.IsNumber()) c.lock_timeout_ms = timeout.As<Napi::Number>().Int32Value();

  auto handle = std::make_unique<Handle>();
  bool key_ok = false;
  bool value_ok = false;
  handle->key_prefix_len = ReadPrefix(o.Get("keyPrefix"), handle->key_prefix, &key_ok);
  handle->value_prefix_len = ReadPrefix(o.Get("valuePrefix"), handle->value_prefix, &value_ok);
  if (!key_ok) {
    ThrowCoded(env, "E_INVALID_OPTION", "keyPrefix must be a Uint8Array of at most 8 bytes", 0);
    return env.Undefined();
  }
  handle->fast_values = value_ok && handle->value_prefix_len > 0;
  try {
    handle->region = Region::Open(c);
  } catch (const warp::RegionError& e) {
    ThrowRegionError(env, e);
    return env.Undefined();
  }
  Napi::Uint8Array out = info[1].As<Napi::Uint8Array>();
  const size_t need = handle->region->ValueBufferWords() * 8;
  if (out.ByteLength() < need || (reinterpret_cast<uintptr_t>(out.Data()) & 7) != 0) {
    ThrowCoded(env, "E_INVALID_OPTION",
               "the value buffer must be 8-byte aligned and hold " + std::to_string(need) + " bytes",
               0);
    return env.Undefined();
  }
  handle->out_ref = Napi::Persistent(out);
  handle->out = reinterpret_cast<uint64_t*>(out.Data());
  if (!AttachMemo(env, o, handle.get())) return env.Undefined();
  const Napi::Value key_buffer = o.Get("keyBuffer");
  if (key_buffer.IsTypedArray() &&
      key_buffer.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
    handle->key_buffer_ref = Napi::Persistent(key_buffer.As<Napi::Uint8Array>());
    handle->key_buffer = key_buffer.As<Napi::Uint8Array>().Data();
    handle->key_buffer_bytes = static_cast<uint32_t>(key_buffer.As<Napi::Uint8Array>().ByteLength());
  }

  Handle* h = handle.get();
  const auto& cfg = h->region->config();
  Napi::Object api = Napi::Object::New(env);
  napi_value external;
  // The Handle lives as long as this External; close() has already released
  // everything big it held.
  napi_create_external(
      env, handle.release(),
      [](napi_env, void* data, void*) { delete static_cast<Handle*>(data); }, nullptr, &external);
  api.Set("handle", Napi::Value(env, external));
  api.Set("created", Napi::Boolean::New(env, h->region->created()));
  api.Set("totalBytes", Napi::Number::New(env, static_cast<double>(cfg.total_size)));
  api.Set("valueBufferBytes", Napi::Number::New(env, static_cast<double>(need)));
  return api;
}

Napi::Value Destroy(const Napi::CallbackInfo& info) {
  try {
    Region::Destroy(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value());
  } catch (const warp::RegionError& e) {
    ThrowRegionError(info.Env(), e);
  }
  return info.Env().Undefined();
}

// The value buffer size `open` will ask for, so JS can allocate it first.
Napi::Value ValueBufferBytes(const Napi::CallbackInfo& info) {
  const uint32_t max_value = info[0].As<Napi::Number>().Uint32Value();
  return Napi::Number::New(info.Env(), static_cast<double>(((max_value + 7) / 8 + 1) * 8));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  exports.Set("destroy", Napi::Function::New(env, Destroy, "destroy"));
  exports.Set("valueBufferBytes", Napi::Function::New(env, ValueBufferBytes, "valueBufferBytes"));
  exports.Set("abiVersion", Napi::Number::New(env, 3));
  auto bind = [&](const char* name, napi_callback cb) {
    napi_value fn;
    napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
    exports.Set(name, Napi::Value(env, fn));
  };
  bind("get", Catching<GetFn<false>>);
  bind("getSettled", Catching<GetFn<true>>);
  bind("has", Catching<Has>);
  bind("set", Catching<Set>);
  bind("delete", Catching<Delete>);
  bind("clear", Catching<Clear>);
  bind("size", Catching<Size>);
  bind("stats", Catching<StatsFn>);
  bind("close", Catching<Close>);
  bind("claim", Catching<ClaimFn>);
  bind("releaseClaim", Catching<TokenFn<ReleaseOp>>);
  bind("claimUnchanged", Catching<TokenFn<UnchangedOp>>);
  bind("claimLeaseLeft", Catching<ClaimLeaseLeftFn>);
  bind("heldClaims", Catching<HeldClaimsFn>);
#ifdef WARP_TEST_HOOKS
  bind("setTimeOverride", Catching<SetTimeOverride>);
  bind("holdLockForTest", Catching<HoldLockForTest>);
  exports.Set("testHooks", Napi::Boolean::New(env, true));
#else
  exports.Set("testHooks", Napi::Boolean::New(env, false));
#endif
  return exports;
}

}  // namespace

NODE_API_MODULE(warp_shared, Init)
