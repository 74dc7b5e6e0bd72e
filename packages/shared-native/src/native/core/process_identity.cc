#include "process_identity.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace warp {

uint64_t ProcessStartTime(int pid) {
  if (pid <= 0) return 0;
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[1024];
  const ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  // The command name (field 2) may hold spaces and parentheses: fields resume
  // after the last ')'.
  const char* p = std::strrchr(buf, ')');
  if (p == nullptr) return 0;
  p++;
  // Field 3 is the state; a zombie has exited already.
  while (*p == ' ') p++;
  if (*p == 'Z' || *p == 'X' || *p == 'x') return 0;
  for (int field = 3; field < 22; field++) {
    p = std::strchr(p, ' ');
    if (p == nullptr) return 0;
    p++;
  }
  const uint64_t start = std::strtoull(p, nullptr, 10);
  return start == 0 ? 1 : start;  // 0 means "not running"; a start at tick 0 still runs
}

int SelfPid() { return static_cast<int>(getpid()); }

uint64_t SelfStartTime() {
  // Not cached across fork(): a forked child has its own pid and start time.
  static int cached_pid = 0;
  static uint64_t cached = 0;
  const int pid = SelfPid();
  if (__atomic_load_n(&cached_pid, __ATOMIC_ACQUIRE) != pid) {
    __atomic_store_n(&cached, ProcessStartTime(pid), __ATOMIC_RELAXED);
    __atomic_store_n(&cached_pid, pid, __ATOMIC_RELEASE);
  }
  return __atomic_load_n(&cached, __ATOMIC_RELAXED);
}

}  // namespace warp
