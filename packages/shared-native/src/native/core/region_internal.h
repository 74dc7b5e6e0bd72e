// Region's private helpers shared by its .cc files (region.cc, claims.cc):
// the write-lock holder and the fault-guarded call prologue.
#pragma once

#include <csetjmp>

#include "atomics.h"
#include "fault_guard.h"
#include "region.h"
#include "robust_lock.h"
#include "seq_lock.h"

namespace warp {

// Holds the write lock for one operation. Repairs the table first when the last
// holder died in the middle of a write.
class Region::Writer {
 public:
  Writer(Region* region, bool try_only) : region_(region) {
    pthread_mutex_t* lock = &region->header_->lock;
    const LockResult got =
        try_only ? TryLockRobust(lock) : LockRobust(lock, region->lock_timeout_ms_);
    if (got == LockResult::kBusy) return;
    locked_ = true;
    scope_ = CurrentFaultScope();
    if (scope_ != nullptr) scope_->held_lock = lock;
    const bool mid_write = (Load64(&region->header_->seq) & 1) != 0;
    if (got == LockResult::kOwnerDied || mid_write) region->RecoverLocked(got == LockResult::kOwnerDied);
    if (!region->StateSaneLocked()) {
      Begin();
      region->ClearLocked();
    }
  }
  ~Writer() {
    if (odd_ != 0) SeqWriteEnd(&region_->header_->seq, odd_);
    if (locked_) UnlockRobust(&region_->header_->lock);
    if (scope_ != nullptr) scope_->held_lock = nullptr;
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  bool locked() const { return locked_; }
  // Starts the write section (odd sequence): from here on readers retry.
  void Begin() {
    if (odd_ == 0) odd_ = SeqWriteBegin(&region_->header_->seq);
  }

 private:
  Region* region_;
  bool locked_ = false;
  uint64_t odd_ = 0;
  FaultScope* scope_ = nullptr;
};

// One public call's stay in the mapping (see fault_guard.h). Must be followed, in
// the same function, by WARP_CHECKPOINT: the jump target has to be a frame that is
// still live when the fault arrives.
class Region::Access {
 public:
  explicit Access(const Region* region) {
    scope.base = region->file_.base;
    scope.size = region->file_.size;
    EnterFaultScope(&scope);
  }
  ~Access() { LeaveFaultScope(&scope); }
  Access(const Access&) = delete;
  Access& operator=(const Access&) = delete;
  FaultScope scope;
};

// The prologue of every public call that touches the mapping. On a fault the jump
// lands here with the call's later locals never destroyed; the only one that
// matters, a Writer's lock, is released by OnFault. (The table is left as the
// fault found it: the file is damaged anyway and this handle is retired.)
#define WARP_GUARDED_ACCESS()                                       \
  if (__atomic_load_n(&faulted_, __ATOMIC_RELAXED) != 0) ThrowFaulted(); \
  Access access_(this);                                             \
  if (sigsetjmp(access_.scope.env, 0) != 0) OnFault(&access_.scope)

}  // namespace warp
