// Errors of the pure C++ core. The binding converts them once into JS errors
// carrying `code` and `errno`; the TypeScript layer turns those into CacheError.
#pragma once

#include <stdexcept>
#include <string>

namespace warp {

class RegionError : public std::runtime_error {
 public:
  // `code` is one of core's CacheErrorCode strings (E_CORRUPT, E_NO_SPACE, …).
  RegionError(const char* code, const std::string& message, int err = 0)
      : std::runtime_error(message), code_(code), errno_(err) {}
  const char* code() const { return code_; }
  int error_number() const { return errno_; }

 private:
  const char* code_;
  int errno_;
};

}  // namespace warp
