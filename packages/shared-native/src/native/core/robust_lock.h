// The writers' lock: a process-shared robust pthread mutex living in the mapping.
// The kernel hands it to the next waiter when its holder dies (EOWNERDEAD), so a
// crashed writer can never block the others forever.
#pragma once

#include <pthread.h>

namespace warp {

// Initialises a mutex in fresh shared memory. Throws RegionError.
void InitRobustMutex(pthread_mutex_t* mutex);

enum class LockResult {
  kAcquired,
  kOwnerDied,  // acquired, but the previous holder died while holding it
  kBusy,       // try-lock only: someone else holds it
};

// Waits at most `timeout_ms`; throws RegionError E_TIMEOUT after that, and E_CORRUPT
// when the mutex became unrecoverable.
LockResult LockRobust(pthread_mutex_t* mutex, int timeout_ms);
LockResult TryLockRobust(pthread_mutex_t* mutex);
// After kOwnerDied, once the protected data is repaired.
void MarkConsistent(pthread_mutex_t* mutex);
void UnlockRobust(pthread_mutex_t* mutex);

}  // namespace warp
