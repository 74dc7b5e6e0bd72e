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

namespace {

using warp::Region;

constexpr size_t kStackUnits = 1024;  // longer string keys take the JS (bytes) path
constexpr size_t kStackKeyWords = (kStackUnits * 3 + 16) / 8 + 1;

struct Handle {
  std::unique_ptr<Region> region;
  Napi::Reference<Napi::Uint8Array> out_ref;  // the reused value buffer
  uint64_t* out = nullptr;                    // its bytes (8-aligned, ValueBufferWords words)
  uint8_t key_prefix[8] = {0};                // encodeKey('') of core's codec
  uint32_t key_prefix_len = 0;
  uint8_t value_prefix[8] = {0};  // encodeValue(''): a value starting with it is a UTF-8 string
  uint32_t value_prefix_len = 0;
  bool fast_values = false;
  std::vector<uint64_t> scratch;    // long byte keys
  std::vector<uint8_t> value_utf8;  // setSS's encoded value
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

// UTF-16 → UTF-8 after `prefix`, into zeroed words. Returns the byte length, or
// -1 when the string has a lone surrogate (the JS codec encodes those differently).
int64_t EncodeUtf8(const char16_t* s, size_t n, const uint8_t* prefix, uint32_t prefix_len,
                   uint8_t* out) {
  size_t o = 0;
  for (; o < prefix_len; o++) out[o] = prefix[o];
  for (size_t i = 0; i < n; i++) {
    uint32_t c = s[i];
    if (c < 0x80) {
      out[o++] = static_cast<uint8_t>(c);
    } else if (c < 0x800) {
      out[o++] = static_cast<uint8_t>(0xc0 | (c >> 6));
      out[o++] = static_cast<uint8_t>(0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c > 0xdbff || i + 1 >= n || s[i + 1] < 0xdc00 || s[i + 1] > 0xdfff) return -1;
      c = 0x10000 + ((c - 0xd800) << 10) + (s[i + 1] - 0xdc00);
      i++;
      out[o++] = static_cast<uint8_t>(0xf0 | (c >> 18));
      out[o++] = static_cast<uint8_t>(0x80 | ((c >> 12) & 0x3f));
      out[o++] = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3f));
      out[o++] = static_cast<uint8_t>(0x80 | (c & 0x3f));
    } else {
      out[o++] = static_cast<uint8_t>(0xe0 | (c >> 12));
      out[o++] = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3f));
      out[o++] = static_cast<uint8_t>(0x80 | (c & 0x3f));
    }
  }
  return static_cast<int64_t>(o);
}

// A string key as the codec would encode it, in a caller's stack buffer.
// Returns its length, or -2 when the JS path must encode it (too long for the
// stack buffer, a lone surrogate, not a string).
int64_t StringKey(napi_env env, napi_value value, const Handle* h, uint64_t* words) {
  char16_t units[kStackUnits + 1];
  size_t n = 0;
  if (napi_get_value_string_utf16(env, value, units, kStackUnits + 1, &n) != napi_ok) return -2;
  if (n >= kStackUnits) return -2;
  std::memset(words, 0, kStackKeyWords * 8);
  const int64_t len = EncodeUtf8(units, n, h->key_prefix, h->key_prefix_len,
                                 reinterpret_cast<uint8_t*>(words));
  return len < 0 ? -2 : len;
}

// A byte key (already encoded by the JS codec), copied into zero-padded words.
int64_t BytesKey(napi_env env, napi_value value, Handle* h, uint64_t* stack_words,
                 const uint64_t** key) {
  void* data = nullptr;
  size_t len = 0;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, &len, &data, &ab, &offset) != napi_ok ||
      type != napi_uint8_array) {
    return -3;
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

napi_value Number(napi_env env, double v) {
  napi_value out;
  napi_create_double(env, v, &out);
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

// After a successful Get: the value as a JS string when it is a codec string,
// else its byte length (the bytes are in the reused buffer).
napi_value GetResult(napi_env env, Handle* h, int64_t n) {
  if (n < 0) return Number(env, -1);
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(h->out);
  if (h->fast_values && n >= h->value_prefix_len &&
      std::memcmp(bytes, h->value_prefix, h->value_prefix_len) == 0) {
    napi_value s;
    napi_create_string_utf8(env, reinterpret_cast<const char*>(bytes + h->value_prefix_len),
                            static_cast<size_t>(n - h->value_prefix_len), &s);
    return s;
  }
  return Number(env, static_cast<double>(n));
}

napi_value GetS(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  return GetResult(env, h, h->region->Get(words, static_cast<uint32_t>(len), h->out));
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
  return GetResult(env, h, h->region->Get(key, static_cast<uint32_t>(len), h->out));
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

bool BytesArg(napi_env env, napi_value v, const uint8_t** data, size_t* len) {
  void* p = nullptr;
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, len, &p, &ab, &offset) != napi_ok ||
      type != napi_uint8_array) {
    return false;
  }
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

// setS(key: string, value: Uint8Array, ttl): 0 stored, 1 oversize, -2 use the bytes path.
napi_value SetS(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t words[kStackKeyWords];
  const int64_t len = StringKey(env, argv[0], h, words);
  if (len == -2) return Number(env, -2);
  const uint8_t* value = nullptr;
  size_t value_len = 0;
  if (!BytesArg(env, argv[1], &value, &value_len)) return Number(env, -3);
  return Store(env, h, words, len, value, value_len, TtlArg(env, argv[2]));
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
  size_t units = 0;
  if (napi_get_value_string_utf16(env, argv[1], nullptr, 0, &units) != napi_ok) {
    return Number(env, -2);
  }
  std::vector<char16_t> utf16(units + 1);
  napi_get_value_string_utf16(env, argv[1], utf16.data(), units + 1, &units);
  h->value_utf8.resize(units * 3 + h->value_prefix_len + 8);
  const int64_t value_len = EncodeUtf8(utf16.data(), units, h->value_prefix, h->value_prefix_len,
                                       h->value_utf8.data());
  if (value_len < 0) return Number(env, -2);
  return Store(env, h, words, len, h->value_utf8.data(), static_cast<size_t>(value_len),
               TtlArg(env, argv[2]));
}

napi_value SetB(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  Handle* h = GetArgs(env, info, &argc, argv);
  if (h == nullptr) return nullptr;
  uint64_t stack[kStackKeyWords];
  const uint64_t* key = stack;
  const int64_t len = BytesKey(env, argv[0], h, stack, &key);
  const uint8_t* value = nullptr;
  size_t value_len = 0;
  if (len == -3 || !BytesArg(env, argv[1], &value, &value_len)) return Number(env, -3);
  return Store(env, h, key, len, value, value_len, TtlArg(env, argv[2]));
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

// open({ dir, name, max, maxKeyBytes, maxValueBytes, ttl, codecId, keyPrefix,
//        valuePrefix }, out: Uint8Array) → handle
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
  handle->fast_values = value_ok;
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
