// Who a process is, in a way a reused pid cannot fake: its pid plus its start
// time (Linux: /proc/<pid>/stat field 22, clock ticks after boot).
#pragma once

#include <cstdint>

namespace warp {

// The start time of `pid`, or 0 when no such process runs (it never existed,
// exited, or is a zombie waiting to be reaped).
uint64_t ProcessStartTime(int pid);

// This process's pid and start time (read once).
int SelfPid();
uint64_t SelfStartTime();

}  // namespace warp
