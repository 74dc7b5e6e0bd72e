// UTF-16 → UTF-8 for the binding's string fast paths: V8 hands strings out as
// UTF-16 cheaply (a widening copy for one-byte strings), while its UTF-8 writer
// is slow and silently turns a lone surrogate into U+FFFD, which would make two
// different strings one key. Here a lone surrogate is reported instead, so the
// caller can leave that string to the codec (which stores it as UTF-16).
#pragma once

#include <cstddef>
#include <cstdint>

namespace warp {

// Writes the UTF-8 of `units` (n code units) to `out`, which has room for 3 × n
// bytes. Returns the byte count, or -1 when the text has a lone surrogate.
inline int64_t Utf16ToUtf8(const char16_t* units, size_t n, uint8_t* out) {
  size_t i = 0;
  size_t o = 0;
  // ASCII, four units at a time: the common case for cache keys.
  for (; i + 4 <= n; i += 4) {
    if ((units[i] | units[i + 1] | units[i + 2] | units[i + 3]) >= 0x80) break;
    out[o] = static_cast<uint8_t>(units[i]);
    out[o + 1] = static_cast<uint8_t>(units[i + 1]);
    out[o + 2] = static_cast<uint8_t>(units[i + 2]);
    out[o + 3] = static_cast<uint8_t>(units[i + 3]);
    o += 4;
  }
  for (; i < n; i++) {
    const uint32_t c = units[i];
    if (c < 0x80) {
      out[o++] = static_cast<uint8_t>(c);
    } else if (c < 0x800) {
      out[o++] = static_cast<uint8_t>(0xc0 | (c >> 6));
      out[o++] = static_cast<uint8_t>(0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c > 0xdfff) {
      out[o++] = static_cast<uint8_t>(0xe0 | (c >> 12));
      out[o++] = static_cast<uint8_t>(0x80 | ((c >> 6) & 0x3f));
      out[o++] = static_cast<uint8_t>(0x80 | (c & 0x3f));
    } else {
      // A high surrogate followed by a low one is one code point; anything else is lone.
      if (c > 0xdbff || i + 1 == n) return -1;
      const uint32_t d = units[i + 1];
      if (d < 0xdc00 || d > 0xdfff) return -1;
      const uint32_t cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      out[o++] = static_cast<uint8_t>(0xf0 | (cp >> 18));
      out[o++] = static_cast<uint8_t>(0x80 | ((cp >> 12) & 0x3f));
      out[o++] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3f));
      out[o++] = static_cast<uint8_t>(0x80 | (cp & 0x3f));
      i++;
    }
  }
  return static_cast<int64_t>(o);
}

}  // namespace warp
