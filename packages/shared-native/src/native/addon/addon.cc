// The N-API binding: a thin layer over warp::Region. `open` returns an object of
// plain functions whose callback data is the Handle itself, so a call never
// unwraps anything. Hot paths use the C N-API directly: a string key is read into
// a stack buffer, a value comes back as a JS string or is copied into one buffer
// that JS handed over at open and reuses for every get. No JS object ever points
// into the mapping.
#include <napi.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../core/errors.h"
#include "../core/region.h"
#include "../core/utf16.h"

namespace {

using warp::Region;

constexpr size_t kStackKeyWords = 512;  // 4 KiB of encoded key
// String keys up to this many UTF-16 units are encoded here (3 bytes a unit at
// most, plus the prefix, fits kStackKeyWords); longer ones take the JS (bytes) path.
constexpr size_t kStackKeyUnits = 1024;
// getS/getB answer `kRememberedBase - i` when the value is entry i of the reader's memo.
constexpr int32_t kRememberedBase = -16;

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
  if (napi_get_value_string_utf16(env, value, units, kStackKeyUnits, &n) != napi_ok) return -2;
  if (n + 1 >= kStackKeyUnits) return -2;  // perhaps cut short
  uint8_t* bytes = reinterpret_cast<uint8_t*>(words);
  const int64_t utf8 = warp::Utf16ToUtf8(units, n, bytes + h->key_prefix_len);
  if (utf8 < 0) return -2;
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
    if (in_buffer > h->key_buffer_bytes) return -3;
    data = h->key_buffer;
    len = in_buffer;
  } else {
    void* p = nullptr;
    napi_typedarray_type type;
    napi_value ab;
    size_t offset;
    if (napi_get_typedarray_info(env, value, &type, &len, &p, &ab, &offset) != napi_ok ||
        type != napi_uint8_array) {
      return -3;
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

Handle* GetArgs(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  void* data = nullptr;
  napi_get_cb_info(env, info, argc, argv, nullptr, &data);
  Handle* h = static_cast<Handle*>(data);
  if (!h->region) {
    ThrowCoded(env, "E_CLOSED", "[warp] the shared cache is closed", 0);
    return nullptr;
  }
  return h;
}

// After a Get: the value as a JS string when it is a codec string, else its byte
// length (the bytes are in the reused buffer); -1 for a miss; kRememberedBase - i
// when the reader already holds it as memo entry i. A fresh hit also says, in
// read_info, where the value came from, so JS can remember it.
napi_value GetResult(napi_env env, Handle* h, int64_t n, const warp::ReadInfo& from) {
  if (n == warp::kRemembered) {
    return Int(env, kRememberedBase - static_cast<int32_t>(from.slot & h->memo.mask));
  }
  if (n < 0) return Int(env, -1);
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

// Region::Get with this reader's memo.
int64_t ReadInto(Handle* h, const uint64_t* key, uint32_t len, warp::ReadInfo* from) {
  return h->region->Get(key, len, h->out, h->memo_on ? &h->memo : nullptr, from);
}

napi_value GetS(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  warp::ReadInfo from{};
  return GetResult(env, h, ReadInto(h, words, static_cast<uint32_t>(len), &from), from);
}

napi_value GetB(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = BytesKey(env, argv[0], h, stack, &key);
  if (len == -3) return Number(env, -3);
  if (len > h->region->config().max_key_bytes) {
    h->region->Get(stack, UINT32_MAX, h->out);  // counts the miss
    return Number(env, -1);
  }
  warp::ReadInfo from{};
  return GetResult(env, h, ReadInto(h, key, static_cast<uint32_t>(len), &from), from);
}

napi_value HasS(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  return Number(env, h->region->Has(words, static_cast<uint32_t>(len)) ? 1 : 0);
}

napi_value HasB(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = BytesKey(env, argv[0], h, stack, &key);
  if (len < 0 || len > h->region->config().max_key_bytes) return Number(env, len == -3 ? -3 : 0);
  return Number(env, h->region->Has(key, static_cast<uint32_t>(len)) ? 1 : 0);
}

// A value argument: `len` bytes of a Uint8Array (JS reuses one encode buffer, so
// the length is passed separately). A length beyond the array is only accepted when
// it is over the limit anyway (then the bytes are never read: it is counted as oversize).
bool BytesArg(napi_env env, napi_value v, napi_value length, uint32_t max_value,
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

int64_t TtlArg(napi_env env, napi_value v) {
  double ttl = -1;
  napi_get_value_double(env, v, &ttl);
  return ttl < 0 ? -1 : static_cast<int64_t>(ttl);
}

napi_value Store(napi_env env, Handle* h, const uint64_t* key, int64_t key_len,
                 const uint8_t* value, size_t value_len, int64_t ttl) {
  const auto& cfg = h->region->config();
  try {
    if (key_len > cfg.max_key_bytes || value_len > cfg.max_value_bytes) {
      // The key must not keep answering with its previous value.
      if (key_len <= cfg.max_key_bytes) h->region->Delete(key, static_cast<uint32_t>(key_len), false);
      h->region->CountOversize();
      return Number(env, 1);
    }
    const auto r = h->region->Set(key, static_cast<uint32_t>(key_len), value,
                                  static_cast<uint32_t>(value_len), ttl);
    return Number(env, r == warp::SetResult::kStored ? 0 : 1);
  } catch (const warp::RegionError& e) {
    ThrowRegionError(env, e);
    return nullptr;
  }
}

// setS(key: string, value: Uint8Array, length, ttl): 0 stored, 1 oversize, -2 use the bytes path.
napi_value SetS(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  const uint8_t* value = nullptr;
  size_t value_len = 0;
  if (!BytesArg(env, argv[1], argv[2], h->region->config().max_value_bytes, &value, &value_len)) {
    return Number(env, -3);
  }
  return Store(env, h, words, len, value, value_len, TtlArg(env, argv[3]));
}

// setSS(key: string, value: string, ttl): the value encoded as a codec string here.
napi_value SetSS(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  if (!h->fast_values) return Number(env, -2);
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  // The value: prefix + UTF-8, into reused buffers that grow to the longest value
  // seen. A string of more UTF-16 units than the limit has bytes is oversize
  // whatever its encoding, and one with a lone surrogate is stored by the codec as
  // UTF-16: both take the codec path.
  size_t n = 0;
  if (napi_get_value_string_utf16(env, argv[1], nullptr, 0, &n) != napi_ok ||
      n > h->region->config().max_value_bytes) {
    return Number(env, -2);
  }
  if (h->value_units.size() < n + 1) h->value_units.resize(n + 1);
  if (h->value_utf8.size() < 3 * n + h->value_prefix_len) {
    h->value_utf8.resize(3 * n + h->value_prefix_len);
  }
  napi_get_value_string_utf16(env, argv[1], h->value_units.data(), n + 1, &n);
  const int64_t utf8 =
      warp::Utf16ToUtf8(h->value_units.data(), n, h->value_utf8.data() + h->value_prefix_len);
  if (utf8 < 0) return Number(env, -2);
  std::memcpy(h->value_utf8.data(), h->value_prefix, h->value_prefix_len);
  const int64_t value_len = utf8 + h->value_prefix_len;
  return Store(env, h, words, len, h->value_utf8.data(), static_cast<size_t>(value_len),
               TtlArg(env, argv[2]));
}

// setB(key: Uint8Array, value: Uint8Array, length, ttl)
napi_value SetB(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = BytesKey(env, argv[0], h, stack, &key);
  const uint8_t* value = nullptr;
  size_t value_len = 0;
  if (len == -3 ||
      !BytesArg(env, argv[1], argv[2], h->region->config().max_value_bytes, &value, &value_len)) {
    return Number(env, -3);
  }
  return Store(env, h, key, len, value, value_len, TtlArg(env, argv[3]));
}

napi_value Remove(napi_env env, Handle* h, const uint64_t* key, int64_t len) {
  if (len > h->region->config().max_key_bytes) return Number(env, 0);
  try {
    return Number(env, h->region->Delete(key, static_cast<uint32_t>(len)) ? 1 : 0);
  } catch (const warp::RegionError& e) {
    ThrowRegionError(env, e);
    return nullptr;
  }
}

napi_value DeleteS(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  return Remove(env, h, words, len);
}

napi_value DeleteB(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = BytesKey(env, argv[0], h, stack, &key);
  if (len == -3) return Number(env, -3);
  return Remove(env, h, key, len);
}

napi_value Clear(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  Handle* h = GetArgs(env, info, &argc, nullptr);
  if (h == nullptr) return nullptr;
  try {
    h->region->Clear();
  } catch (const warp::RegionError& e) {
    ThrowRegionError(env, e);
  }
  return nullptr;
}

napi_value Size(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  Handle* h = GetArgs(env, info, &argc, nullptr);
  if (h == nullptr) return nullptr;
  return Number(env, static_cast<double>(h->region->Size()));
}

// stats(out: Float64Array(9)): hits, misses, sets, deletes, evictions, expirations,
// oversize, size, capacity.
napi_value StatsFn(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  void* data = nullptr;
  size_t len = 0;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, argv[0], &type, &len, &data, &ab, &offset) != napi_ok ||
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

napi_value Close(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  size_t argc = 0;
  napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data);
  Handle* h = static_cast<Handle*>(data);
  h->region.reset();
  h->out = nullptr;
  if (!h->out_ref.IsEmpty()) h->out_ref.Reset();
  h->memo_on = false;
  h->read_info = nullptr;
  h->key_buffer = nullptr;
  if (!h->key_buffer_ref.IsEmpty()) h->key_buffer_ref.Reset();
  if (!h->memo_slots_ref.IsEmpty()) h->memo_slots_ref.Reset();
  if (!h->memo_generations_ref.IsEmpty()) h->memo_generations_ref.Reset();
  if (!h->read_info_ref.IsEmpty()) h->read_info_ref.Reset();
  return nullptr;
}

napi_value SetTimeOverride(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  double ms = -1;
  napi_get_value_double(env, argv[0], &ms);
  h->region->SetTimeOverride(ms < 0 ? -1 : static_cast<int64_t>(ms));
  return nullptr;
}

napi_value HoldLockForTest(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  bool mid_write = false;
  napi_get_value_bool(env, argv[0], &mid_write);
  h->region->HoldLockForTest(mid_write);  // never returns
  return nullptr;
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
  Napi::Object api = Napi::Object::New(env);
  auto bind = [&](const char* name, napi_callback cb) {
    napi_value fn;
    napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, h, &fn);
    api.Set(name, Napi::Value(env, fn));
  };
  bind("getS", GetS);
  bind("getB", GetB);
  bind("hasS", HasS);
  bind("hasB", HasB);
  bind("setS", SetS);
  bind("setSS", SetSS);
  bind("setB", SetB);
  bind("deleteS", DeleteS);
  bind("deleteB", DeleteB);
  bind("clear", Clear);
  bind("size", Size);
  bind("stats", StatsFn);
  bind("close", Close);
  bind("setTimeOverride", SetTimeOverride);
  bind("holdLockForTest", HoldLockForTest);
  const auto& cfg = h->region->config();
  api.Set("created", Napi::Boolean::New(env, h->region->created()));
  api.Set("totalBytes", Napi::Number::New(env, static_cast<double>(cfg.total_size)));
  api.Set("valueBufferBytes", Napi::Number::New(env, static_cast<double>(need)));
  // The handle lives as long as the object that carries its functions.
  api.AddFinalizer([](Napi::Env, Handle* p) { delete p; }, handle.release());
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
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(warp_shared, Init)
