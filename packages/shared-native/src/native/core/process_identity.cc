#include "process_identity.h"

#include <fcntl.h>
#include <pthread.h>
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

namespace {
// Read once per process; a forked child clears them (pthread_atfork), since it
// has its own pid and start time. getpid() is a syscall on every call in glibc ≥ 2.25.
int cached_pid = 0;
uint64_t cached_start = 0;
void ForgetSelf() {
  __atomic_store_n(&cached_pid, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&cached_start, uint64_t{0}, __ATOMIC_RELAXED);
}
const int kAtFork = pthread_atfork(nullptr, nullptr, ForgetSelf);
}  // namespace

int SelfPid() {
  (void)kAtFork;
  int pid = __atomic_load_n(&cached_pid, __ATOMIC_RELAXED);
  if (pid == 0) {
    pid = static_cast<int>(getpid());
    __atomic_store_n(&cached_pid, pid, __ATOMIC_RELAXED);
  }
  return pid;
}

uint64_t SelfStartTime() {
  uint64_t start = __atomic_load_n(&cached_start, __ATOMIC_RELAXED);
  if (start == 0) {
    start = ProcessStartTime(SelfPid());
    __atomic_store_n(&cached_start, start, __ATOMIC_RELAXED);
  }
  return start;
}

}  // namespace warp
