// A cache region: a fixed-size hash table with SIEVE eviction and TTL, living in
// one shared file that every process on the machine can map. Pure C++ (no N-API),
// so the C++ tests drive it alone.
//
// Thread and process safety: any number of threads and processes may call any
// method of their own Region objects, and several threads may share one Region.
// Readers (Get, Has) never take the lock; writers take a robust mutex that the
// kernel releases when its holder dies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "fault_guard.h"
#include "layout.h"
#include "region_file.h"

namespace warp {

struct RegionConfig {
  std::string dir;   // must exist or be creatable; private to this user
  std::string name;  // [A-Za-z0-9._-]{1,64}
  uint64_t capacity = 0;
  uint32_t max_key_bytes = 256;
  uint32_t max_value_bytes = 1024;
  int64_t default_ttl_ms = 0;  // 0 = no expiry
  uint32_t codec_id = 0;       // the value serializer; a mismatch is a config mismatch
  int lock_timeout_ms = 5000;  // how long a writer waits for a live lock holder
};

struct RegionStats {
  uint64_t hits, misses, sets, deletes, evictions, expirations, oversize, size, capacity;
};

enum class SetResult { kStored, kOversize };

// What Claim answers. kClaimed: this process now loads the key (a fresh claim,
// or a takeover of a dead or late holder's). kBusy: a live process holds it;
// wait for the claim word to change (WaitClaim), then read the cache again.
// kFull: every claim slot the key may use is held for other keys; retry later.
enum class ClaimResult { kClaimed = 0, kTakenOver = 1, kBusy = 2, kFull = 3 };

// Which claim slot and which value of its word a claim or a wait refers to.
struct ClaimToken {
  uint32_t slot;
  uint32_t word;
};

// What one reader already holds, decoded, in private memory: entry i of a small
// direct-mapped table (indexed by slot & mask) says "I have the value that write
// `generations[i]` put in slot `slots[i]`". Get consults it so that a hit on a
// value the reader already has skips the copy (the binding then hands back the
// string it made last time). Owned and filled by the reader, never shared.
struct ReadMemo {
  const int32_t* slots;
  const double* generations;  // exact: generations stay far below 2^53
  uint32_t mask;              // entries - 1; a power of two minus one
};

// Where a hit's value came from, so the reader can remember it in its ReadMemo.
struct ReadInfo {
  uint32_t slot;
  uint64_t generation;
};

// Get's answer when the value is the one `memo` says the reader already holds.
constexpr int64_t kRemembered = -4;

class Region {
 public:
  // Opens or creates. Throws RegionError: E_INVALID_OPTION, E_PERMISSION,
  // E_CONFIG_MISMATCH, E_CORRUPT, E_NO_SPACE, E_IO.
  static std::unique_ptr<Region> Open(const RegionConfig& config);
  static void Destroy(const std::string& dir, const std::string& name);

  ~Region();
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;

  // Key arguments: `key` points to `key_len` bytes followed by zero bytes up to a
  // whole number of 8-byte words (KeyWords(key_len) words in all).
  static size_t KeyWords(uint32_t key_len) { return (key_len + 7) / 8; }

  // Copies the live value of `key` into `out` (ValueBufferWords() words) and
  // returns its length, or -1 on a miss. Lock-free; after a bounded number of
  // retries against busy writers it reports a miss. With a `memo` that already
  // holds this very write, copies nothing and returns kRemembered. On a hit,
  // `info` (when given) says which slot and write the value came from.
  int64_t Get(const uint64_t* key, uint32_t key_len, uint64_t* out,
              const ReadMemo* memo = nullptr, ReadInfo* info = nullptr) {
    return Read(key, key_len, out, memo, info, false);
  }
  // Get for a caller that must not mistake a busy writer for a miss (a load
  // claimant checking whether the previous claimant published): when the
  // lock-free retries give up, it waits for the write lock (at most the lock
  // timeout; a dead holder is recovered) and reads under it, so a miss means
  // the key had no live entry. Blocks while another live process writes.
  int64_t GetSettled(const uint64_t* key, uint32_t key_len, uint64_t* out,
                     ReadInfo* info = nullptr) {
    return Read(key, key_len, out, nullptr, info, true);
  }
  // True when `key` has a live entry. Lock-free; not counted as a hit or miss.
  bool Has(const uint64_t* key, uint32_t key_len);
  // ttl_ms < 0 uses the region's default; 0 never expires.
  SetResult Set(const uint64_t* key, uint32_t key_len, const uint8_t* value, uint32_t value_len,
                int64_t ttl_ms);
  // `count` false: a removal that is not the user's delete (not in stats().deletes).
  bool Delete(const uint64_t* key, uint32_t key_len, bool count = true);
  void Clear();

  // Load claims (see ClaimHeader). Claim, Release and takeovers run under the
  // write lock (a claim is taken once per miss, so the lock is cheap, and it
  // makes a holder dying mid-claim harmless); waiting never takes it.
  //
  // Claims `key` for this process for `lease_ms` ms (≥ 1). A held claim whose
  // holder process is gone (its pid no longer runs with the start time it
  // recorded) or whose lease ended is taken over by exactly one caller.
  ClaimResult Claim(const uint64_t* key, uint32_t key_len, int64_t lease_ms, ClaimToken* token);
  // Ends this process's claim `token` (after publishing the value, or after a
  // failed load) and wakes every waiter. False when the claim was taken over
  // meanwhile (then nothing changes).
  bool ReleaseClaim(ClaimToken token);
  // True while claim slot `token.slot` still reads `token.word`. Lock-free.
  bool ClaimUnchanged(ClaimToken token) const;
  // For a waiter's next sleep: 0 when the claim `token` saw has changed, its holder
  // has exited (a cheap kill(pid, 0) check: a zombie or a reused pid still counts as
  // alive until Claim's full check) or its lease is over; else the milliseconds left
  // in the lease (≥ 1). Lock-free; on 0, Claim again (it takes over a gone holder).
  int64_t ClaimLeaseLeft(ClaimToken token) const;
  // Sleeps (FUTEX_WAIT, no spinning) until the claim word is no longer
  // `token.word` or `timeout_ms` passed; true when it changed.
  bool WaitClaim(ClaimToken token, int timeout_ms) const;
  // Claims currently held (live or not yet taken over). Lock-free, for tests.
  uint32_t HeldClaims() const;

  uint64_t Size() const;
  RegionStats Stats() const;
  void CountOversize();

  const ConfigBlock& config() const { return config_; }
  size_t ValueBufferWords() const { return (config_.max_value_bytes + 7) / 8 + 1; }
  bool created() const { return file_.created; }

  // Test hook: TTL math reads this time (ms) instead of CLOCK_MONOTONIC; < 0 restores it.
  void SetTimeOverride(int64_t ms) { __atomic_store_n(&time_override_, ms, __ATOMIC_RELAXED); }
  // Test hook: takes the write lock and never gives it back; with `mid_write` also
  // leaves the table in the middle of a write (odd sequence, a half-written slot),
  // as a writer killed at the worst moment would. Meant to be followed by a kill.
  void HoldLockForTest(bool mid_write);

 private:
  explicit Region(MappedFile file);

  enum class Probe { kFound, kMissing, kDamaged };
  struct Location {
    uint64_t bucket;
    uint32_t slot;
  };
  class Writer;
  class Access;

  // A fault inside a guarded call: marks this handle unusable, releases the lock
  // if this thread held it, and throws RegionError E_CORRUPT.
  [[noreturn]] void OnFault(FaultScope* scope) const;
  [[noreturn]] void ThrowFaulted() const;

  uint64_t Hash(const uint64_t* key, uint32_t key_len) const;
  int64_t Now(bool round_up = false) const;
  Probe Find(const uint64_t* key, uint32_t key_len, uint64_t hash, Location* at) const;
  SlotHeader* Slot(uint64_t index) const {
    return reinterpret_cast<SlotHeader*>(slots_ + index * config_.slot_size);
  }
  static uint64_t* SlotKey(SlotHeader* s) { return reinterpret_cast<uint64_t*>(s + 1); }
  uint64_t* SlotValue(SlotHeader* s) const {
    return SlotKey(s) + (config_.max_key_bytes + 7) / 8;
  }
  ClaimHeader* ClaimAt(uint32_t index) const {
    return reinterpret_cast<ClaimHeader*>(claims_ + uint64_t{index} * config_.claim_slot_size);
  }
  CounterStripe& Counters() const { return header_->stripes[stripe_]; }

  // Everything below runs with the write lock held, inside a write section.
  void ClearLocked();
  bool EvictOneLocked();
  uint32_t AllocSlotLocked();
  bool RemoveLocked(uint32_t slot, uint64_t bucket);
  bool FindBucketLocked(uint32_t slot, uint64_t* bucket) const;
  void BackwardShiftLocked(uint64_t hole);
  void UnlinkLocked(uint32_t slot);
  int64_t Read(const uint64_t* key, uint32_t key_len, uint64_t* out, const ReadMemo* memo,
               ReadInfo* info, bool settled);
  void TryRemoveExpired(const uint64_t* key, uint32_t key_len, uint64_t hash);
  void RecoverLocked(bool owner_died);
  bool StateSaneLocked() const;

  MappedFile file_;
  ConfigBlock config_;  // a private copy of the validated, immutable config
  Header* header_;
  uint64_t* buckets_;
  uint8_t* slots_;
  uint8_t* claims_;
  uint64_t mask_;
  int stripe_;
  int lock_timeout_ms_ = 5000;
  int64_t time_override_ = -1;
  // Set once a guarded call faulted (the file shrank under us): from then on every
  // call throws E_CORRUPT without touching the mapping.
  mutable int faulted_ = 0;
  std::string name_;
};

}  // namespace warp
