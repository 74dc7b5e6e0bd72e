#include "system_clock.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace warp {

int64_t MonotonicMillis() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::array<uint8_t, 16> BootId() {
  std::array<uint8_t, 16> id{};
#ifdef __linux__
  const int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return id;
  char text[64];
  const ssize_t n = read(fd, text, sizeof text);
  close(fd);
  size_t out = 0;
  int high = -1;
  for (ssize_t i = 0; i < n && out < id.size(); i++) {
    const int v = HexValue(text[i]);
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      id[out++] = static_cast<uint8_t>(high << 4 | v);
      high = -1;
    }
  }
#endif
  return id;
}

}  // namespace warp
