// The seqlock protocol (Boehm, "Can seqlocks get along with programming language
// memory models?", 2012). The sequence word is odd while a writer is changing the
// table. A reader copies what it needs into private memory and keeps the copy only
// if the sequence was even and unchanged around it.
#pragma once

#include <cstdint>

#include "atomics.h"

namespace warp {

// Writer, holding the write lock. Returns the (odd) value written.
inline uint64_t SeqWriteBegin(uint64_t* seq) {
  const uint64_t s = __atomic_load_n(seq, __ATOMIC_RELAXED) | 1;
  __atomic_store_n(seq, s, __ATOMIC_RELAXED);
  // Without this release fence the data stores that follow may become visible
  // before the odd sequence, and a reader could validate a torn copy.
#ifndef WARP_TSAN
  __atomic_thread_fence(__ATOMIC_RELEASE);
#endif
  return s;
}

inline void SeqWriteEnd(uint64_t* seq, uint64_t odd) {
  __atomic_store_n(seq, odd + 1, __ATOMIC_RELEASE);
}

inline uint64_t SeqReadBegin(const uint64_t* seq) {
  return __atomic_load_n(seq, __ATOMIC_ACQUIRE);
}

// True when the data loads since SeqReadBegin returned `start` saw no writer.
inline bool SeqReadValid(const uint64_t* seq, uint64_t start) {
  // Orders the relaxed data loads before the second sequence load.
#ifndef WARP_TSAN
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
#endif
  return (start & 1) == 0 && __atomic_load_n(seq, __ATOMIC_RELAXED) == start;
}

}  // namespace warp
