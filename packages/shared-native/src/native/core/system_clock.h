// Time that every process on the machine agrees on: CLOCK_MONOTONIC is one clock
// per boot, so an age computed in one process is the same age in another. The
// boot id tells a region that outlived a reboot (when its directory is not a
// tmpfs) that its stored deadlines belong to another clock.
#pragma once

#include <array>
#include <cstdint>

namespace warp {

// Milliseconds of CLOCK_MONOTONIC.
int64_t MonotonicMillis();

// 16 bytes identifying this boot (Linux: /proc/sys/kernel/random/boot_id), or all
// zero when the platform has none.
std::array<uint8_t, 16> BootId();

}  // namespace warp
