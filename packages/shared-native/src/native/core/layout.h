// The byte layout of a region file. Everything is native-endian and fixed-size;
// the ABI fingerprint refuses a file written by a build with another layout of
// these structs (another libc's pthread_mutex_t, another word size, …).
//
//   [0, 4096)                header (config, lock, sequence, table state, counters)
//   [buckets_offset, …)      bucket_count × u64   (tag << 32 | slot index + 1; 0 = empty)
//   [slots_offset, …)        capacity × slot_size (SlotHeader, key words, value words)
//   [claims_offset, …)       claim_count × claim_slot_size (ClaimHeader, key words): load claims
#pragma once

#include <pthread.h>

#include <cstddef>
#include <cstdint>

namespace warp {

constexpr uint64_t kMagic = 0x314d485350524157ULL;  // "WARPSHM1" little-endian
constexpr uint32_t kLayoutVersion = 3;
constexpr uint64_t kHeaderSize = 4096;
constexpr uint32_t kNone = 0xffffffffu;
constexpr uint64_t kMaxCapacity = uint64_t{1} << 30;
constexpr uint32_t kMaxKeyBytesLimit = 1u << 16;
constexpr uint32_t kMaxValueBytesLimit = 1u << 26;
constexpr int kCounterStripes = 16;

// Written once by the creator before the file is published; never changed after.
struct ConfigBlock {
  uint64_t magic;
  uint32_t layout_version;
  uint32_t abi_fingerprint;
  uint64_t capacity;
  uint64_t bucket_count;  // a power of two ≥ 2 × capacity, so probe runs stay short
  uint32_t max_key_bytes;
  uint32_t max_value_bytes;
  uint32_t slot_size;  // a multiple of 64: one slot never shares a cache line with another
  uint32_t codec_id;
  int64_t default_ttl_ms;  // 0 = entries never expire unless set() says so
  uint64_t buckets_offset;
  uint64_t slots_offset;
  uint64_t total_size;
  uint64_t claims_offset;
  uint32_t claim_count;      // a power of two
  uint32_t claim_slot_size;  // a multiple of 64
  uint64_t seed0;  // SipHash key, random per region
  uint64_t seed1;
  uint64_t checksum;  // over every field above; catches a flipped header byte
};

// Written under the lock.
struct TableState {
  uint64_t size;
  uint32_t head;  // newest entry
  uint32_t tail;  // oldest entry
  uint32_t hand;  // SIEVE hand; kNone = start from the tail
  uint32_t free_head;
  uint32_t next_unused;  // slots [next_unused, capacity) were never used since the last clear
  uint32_t ready;        // 1 once the creator finished; the file is published only after
  uint8_t boot_id[16];
  // The last generation handed to a write. Never reset (not by clear, not by a
  // repair), so a (slot, generation) pair names one write for the region's life.
  uint64_t last_generation;
};

// Counters written outside the lock. Each opener picks one stripe so processes
// do not fight over one cache line on every hit.
struct alignas(64) CounterStripe {
  uint64_t hits, misses, sets, deletes, evictions, expirations, oversize, pad;
};

struct Header {
  ConfigBlock config;  // read-only after publish
  alignas(64) uint8_t config_pad[64];
  alignas(64) pthread_mutex_t lock;  // robust, process-shared
  alignas(64) uint64_t seq;          // the seqlock sequence, on its own cache line
  alignas(64) TableState state;
  alignas(64) CounterStripe stripes[kCounterStripes];
  alignas(64) uint32_t stripe_cursor;  // each opener takes the next stripe
};
static_assert(sizeof(Header) <= kHeaderSize, "header must fit in one page");

struct SlotHeader {
  uint64_t hash;
  uint32_t key_len;
  uint32_t value_len;
  int64_t expires_at;  // CLOCK_MONOTONIC ms; 0 = never
  uint32_t visited;    // SIEVE bit; its own word because readers store it without the lock
  uint32_t prev;       // toward the head (newer)
  uint32_t next;       // toward the tail (older)
  uint32_t check;      // EntryCheck of lengths, key and value: damaged bytes read as a miss
  uint64_t generation;  // which write put this value here (TableState::last_generation)
};
static_assert(sizeof(SlotHeader) == 48, "slot header layout is part of the file format");

// One load claim: "process `pid` (started at `start_time`) loads the key with
// this hash and these key bytes until `deadline`". `word` is the futex word
// waiters sleep on: even = free, odd = held; it changes (and waiters are woken)
// on every claim, takeover and release, so a waiter that saw value w only has
// to sleep while it still reads w. Changed only under the region's lock; read
// lock-free by waiters.
struct ClaimHeader {
  uint32_t word;
  uint32_t key_len;
  uint64_t hash;
  int32_t pid;
  uint32_t sleepers;    // threads in FUTEX_WAIT on `word`: a release with none skips FUTEX_WAKE
  uint64_t start_time;  // /proc/<pid>/stat field 22 (clock ticks since boot)
  int64_t deadline;     // CLOCK_MONOTONIC ms: the lease ends here
  uint8_t pad[24];
};
static_assert(sizeof(ClaimHeader) == 64, "claim header layout is part of the file format");

// Claims held at once: enough for many concurrent cold keys, small enough
// (about 1 MiB at most) that the table costs little next to the entries.
constexpr uint32_t kMaxClaims = 1024;
constexpr uint64_t kClaimTableBudget = uint64_t{1} << 20;

inline uint64_t RoundUp(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }

// The computed shape of a region; zero total_size means the numbers overflow.
struct Geometry {
  uint64_t bucket_count;
  uint32_t slot_size;
  uint64_t buckets_offset;
  uint64_t slots_offset;
  uint64_t claims_offset;
  uint32_t claim_count;
  uint32_t claim_slot_size;
  uint64_t total_size;
};

inline Geometry ComputeGeometry(uint64_t capacity, uint32_t max_key, uint32_t max_value) {
  Geometry g{};
  uint64_t buckets = 8;
  while (buckets < capacity * 2) buckets <<= 1;
  g.bucket_count = buckets;
  g.slot_size = static_cast<uint32_t>(
      RoundUp(sizeof(SlotHeader) + RoundUp(max_key, 8) + RoundUp(max_value, 8), 64));
  g.buckets_offset = kHeaderSize;
  g.slots_offset = RoundUp(g.buckets_offset + buckets * 8, 64);
  g.claim_slot_size =
      static_cast<uint32_t>(RoundUp(sizeof(ClaimHeader) + RoundUp(max_key, 8), 64));
  g.claim_count = kMaxClaims;
  while (g.claim_count > 16 && uint64_t{g.claim_count} * g.claim_slot_size > kClaimTableBudget) {
    g.claim_count >>= 1;
  }
  uint64_t slots_bytes = 0;
  if (__builtin_mul_overflow(capacity, uint64_t{g.slot_size}, &slots_bytes) ||
      __builtin_add_overflow(g.slots_offset, slots_bytes, &g.claims_offset) ||
      __builtin_add_overflow(g.claims_offset, uint64_t{g.claim_count} * g.claim_slot_size,
                             &g.total_size)) {
    g.total_size = 0;
  }
  return g;
}

uint32_t AbiFingerprint();
uint64_t ConfigChecksum(const ConfigBlock& c);

}  // namespace warp
