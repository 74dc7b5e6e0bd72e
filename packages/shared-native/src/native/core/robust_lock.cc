#include "robust_lock.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

#include "errors.h"

namespace warp {

void InitRobustMutex(pthread_mutex_t* mutex) {
  pthread_mutexattr_t attr;
  int rc = pthread_mutexattr_init(&attr);
  if (rc == 0) rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  // (PTHREAD_MUTEX_ROBUST is an enum in glibc, not a macro: never guard it with #ifdef.)
  if (rc == 0) rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  if (rc == 0) rc = pthread_mutex_init(mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  if (rc != 0) {
    throw RegionError("E_IO", std::string("cannot initialise the shared lock: ") + strerror(rc),
                      rc);
  }
}

namespace {
LockResult Interpret(int rc) {
  switch (rc) {
    case 0:
      return LockResult::kAcquired;
    case EOWNERDEAD:
      return LockResult::kOwnerDied;
    case EBUSY:
      return LockResult::kBusy;
    case ETIMEDOUT:
      throw RegionError("E_TIMEOUT",
                        "another process held the cache's write lock for too long without dying",
                        rc);
    case ENOTRECOVERABLE:
      throw RegionError("E_CORRUPT",
                        "the cache's write lock is unrecoverable; destroy the cache and reopen it",
                        rc);
    default:
      throw RegionError("E_IO", std::string("cannot take the cache's write lock: ") + strerror(rc),
                        rc);
  }
}
}  // namespace

LockResult LockRobust(pthread_mutex_t* mutex, int timeout_ms) {
  timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_ms / 1000;
  deadline.tv_nsec += static_cast<long>(timeout_ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
  return Interpret(pthread_mutex_timedlock(mutex, &deadline));
}

LockResult TryLockRobust(pthread_mutex_t* mutex) { return Interpret(pthread_mutex_trylock(mutex)); }

void MarkConsistent(pthread_mutex_t* mutex) { pthread_mutex_consistent(mutex); }

void UnlockRobust(pthread_mutex_t* mutex) { pthread_mutex_unlock(mutex); }

}  // namespace warp
