// Every word of the mapping that a lock-free reader may look at is accessed
// through these relaxed atomics, by readers and writers alike. The seqlock
// (seq_lock.h) orders them; being atomic keeps the racing accesses defined
// behaviour (and visible to ThreadSanitizer as such).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SANITIZE_THREAD__)
#define WARP_TSAN 1
#endif

namespace warp {

// ThreadSanitizer does not model standalone fences, so its build orders the data
// accesses themselves (acquire loads, release stores) and seq_lock.h drops the
// fences. Both are correct seqlocks; the fence form is faster and ships.
#ifdef WARP_TSAN
constexpr int kDataLoad = __ATOMIC_ACQUIRE;
constexpr int kDataStore = __ATOMIC_RELEASE;
#else
constexpr int kDataLoad = __ATOMIC_RELAXED;
constexpr int kDataStore = __ATOMIC_RELAXED;
#endif

inline uint64_t Load64(const uint64_t* p) { return __atomic_load_n(p, kDataLoad); }
inline uint32_t Load32(const uint32_t* p) { return __atomic_load_n(p, kDataLoad); }
inline int64_t LoadI64(const int64_t* p) { return __atomic_load_n(p, kDataLoad); }
inline void Store64(uint64_t* p, uint64_t v) { __atomic_store_n(p, v, kDataStore); }
inline void Store32(uint32_t* p, uint32_t v) { __atomic_store_n(p, v, kDataStore); }
inline void StoreI64(int64_t* p, int64_t v) { __atomic_store_n(p, v, kDataStore); }
inline void Add64(uint64_t* p, uint64_t v) { __atomic_fetch_add(p, v, __ATOMIC_RELAXED); }

inline size_t Words(size_t bytes) { return (bytes + 7) / 8; }

// Copies `bytes` (rounded up to whole words) out of the mapping.
inline void CopyOut(uint64_t* dst, const uint64_t* src, size_t bytes) {
  const size_t n = Words(bytes);
  for (size_t i = 0; i < n; i++) dst[i] = Load64(src + i);
}

// The integrity check of one entry, folded a word at a time.
inline uint64_t CheckMix(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 29);
}

// CopyOut that also folds the copied words into a check.
inline uint64_t CopyOutChecked(uint64_t* dst, const uint64_t* src, size_t bytes, uint64_t h) {
  const size_t n = Words(bytes);
  for (size_t i = 0; i < n; i++) {
    const uint64_t w = Load64(src + i);
    dst[i] = w;
    h = CheckMix(h, w);
  }
  return h;
}

// Writes `bytes` into the mapping in whole words; the tail of the last word is zero,
// so keys can be compared a word at a time.
inline void CopyIn(uint64_t* dst, const uint8_t* src, size_t bytes) {
  const size_t full = bytes / 8;
  for (size_t i = 0; i < full; i++) {
    uint64_t w;
    std::memcpy(&w, src + i * 8, 8);
    Store64(dst + i, w);
  }
  const size_t rest = bytes % 8;
  if (rest != 0) {
    uint64_t w = 0;
    std::memcpy(&w, src + full * 8, rest);
    Store64(dst + full, w);
  }
}

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

}  // namespace warp
