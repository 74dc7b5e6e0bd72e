// SipHash-1-3 (Aumasson & Bernstein): a keyed hash, so a client who does not know
// a region's random seed cannot choose keys that all land in one probe run.
#pragma once

#include <cstddef>
#include <cstdint>

namespace warp {

uint64_t SipHash13(uint64_t k0, uint64_t k1, const uint8_t* data, size_t len);

}  // namespace warp
