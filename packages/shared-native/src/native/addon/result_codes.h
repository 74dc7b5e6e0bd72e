// The numbers the binding answers with, named once. src/result-codes.ts mirrors
// them for TypeScript; test/result-codes.test.ts parses this file and checks that
// both agree. Results are numbers so that no call allocates.
#pragma once

#include <cstdint>

namespace warp {
namespace result {

// get: a miss.
constexpr int32_t kMiss = -1;
// Any call with a key: this key needs the JS codec (a lone surrogate, or a string
// too long for the stack buffer); call again with the bytes from encodeKey.
constexpr int32_t kNeedsCodec = -2;
// A key or value argument of the wrong type.
constexpr int32_t kBadArgument = -3;
// claim: every claim slot the key may use is held for other keys; retry later.
constexpr int32_t kClaimFull = -4;
// get: `kRememberedBase - i` means "the value is the one reader memo entry i holds".
constexpr int32_t kRememberedBase = -16;
// set: stored, or refused as oversize (and counted in stats().oversize).
constexpr int32_t kStored = 0;
constexpr int32_t kOversize = 1;
// has / delete: the key was absent, or present (delete: removed).
constexpr int32_t kAbsent = 0;
constexpr int32_t kPresent = 1;

}  // namespace result
}  // namespace warp
