// Load claims: a small fixed table after the slots, hashed by the key's keyed
// hash, probed linearly for a few slots. See ClaimHeader in layout.h.
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "atomics.h"
#include "process_identity.h"
#include "region.h"
#include "region_internal.h"
#include "system_clock.h"

namespace warp {

namespace {

// Slots one key may use: a collision with another key's live claim moves on to
// the next slot; after this many the claim answers kFull.
constexpr uint32_t kClaimProbes = 8;

bool Held(uint32_t word) { return (word & 1u) != 0; }

// Wakes the sleepers of a claim word; the syscall is skipped when nobody sleeps
// (JS waiters poll the word instead). A sleeper registers before it checks the
// word, and the word changes before this reads `sleepers` (both sequentially
// consistent), so a sleeper is either seen here or sees the new word and never sleeps.
void WakeAll(ClaimHeader* c) {
  if (__atomic_load_n(&c->sleepers, __ATOMIC_SEQ_CST) != 0) {
    syscall(SYS_futex, &c->word, FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
  }
}

// Futex on a word in a MAP_SHARED mapping: not FUTEX_PRIVATE_FLAG, so waiters
// in other processes are found by the kernel.
long Futex(uint32_t* word, int op, uint32_t value, const timespec* timeout) {
  return syscall(SYS_futex, word, op, value, timeout, nullptr, 0);
}

bool SameKey(const ClaimHeader* c, const uint64_t* key, uint32_t key_len, uint64_t hash) {
  return c->hash == hash && c->key_len == key_len &&
         std::memcmp(c + 1, key, key_len) == 0;
}

}  // namespace

ClaimResult Region::Claim(const uint64_t* key, uint32_t key_len, int64_t lease_ms,
                          ClaimToken* token) {
  WARP_GUARDED_ACCESS();
  if (key_len > config_.max_key_bytes) return ClaimResult::kFull;
  const uint64_t hash = Hash(key, key_len);
  const uint32_t mask = config_.claim_count - 1;
  const int self = SelfPid();
  const uint64_t self_start = SelfStartTime();
  Writer w(this, false);
  const int64_t now = Now();
  const int64_t deadline = now + (lease_ms < 1 ? 1 : lease_ms);
  // Liveness costs a read of /proc, so it is checked only for this key's own
  // claim, and for other keys' claims only when no slot of the window is free.
  auto gone = [now](const ClaimHeader* c) {
    return now >= LoadI64(&c->deadline) || ProcessStartTime(c->pid) != c->start_time;
  };
  uint32_t free_slot = kNone;
  const uint32_t window = kClaimProbes < mask + 1 ? kClaimProbes : mask + 1;
  for (uint32_t i = 0; i < window; i++) {
    const uint32_t index = static_cast<uint32_t>(hash + i) & mask;
    ClaimHeader* c = ClaimAt(index);
    const uint32_t word = Load32(&c->word);
    if (!Held(word)) {
      if (free_slot == kNone) free_slot = index;
      continue;
    }
    if (!SameKey(c, key, key_len, hash)) continue;
    if (!gone(c)) {
      *token = ClaimToken{index, word};
      return ClaimResult::kBusy;
    }
    // Takeover: the word moves to the next odd value (still held), which wakes
    // the old holder's waiters; the lock makes this caller the only one.
    __atomic_store_n(&c->pid, self, __ATOMIC_RELAXED);  // read lock-free by ClaimLeaseLeft
    c->start_time = self_start;
    StoreI64(&c->deadline, deadline);
    const uint32_t next = word + 2;
    __atomic_store_n(&c->word, next, __ATOMIC_SEQ_CST);
    WakeAll(c);
    *token = ClaimToken{index, next};
    return ClaimResult::kTakenOver;
  }
  for (uint32_t i = 0; i < window && free_slot == kNone; i++) {
    const uint32_t index = static_cast<uint32_t>(hash + i) & mask;
    if (gone(ClaimAt(index))) free_slot = index;
  }
  if (free_slot == kNone) return ClaimResult::kFull;
  ClaimHeader* c = ClaimAt(free_slot);
  const uint32_t word = Load32(&c->word);
  c->hash = hash;
  c->key_len = key_len;
  CopyIn(reinterpret_cast<uint64_t*>(c + 1), reinterpret_cast<const uint8_t*>(key), key_len);
  __atomic_store_n(&c->pid, self, __ATOMIC_RELAXED);
  c->start_time = self_start;
  StoreI64(&c->deadline, deadline);
  // Even → odd, or (reusing a dead holder's slot for another key) odd → odd + 2;
  // either way the word changes, so anyone waiting on this slot wakes and looks again.
  const uint32_t next = Held(word) ? word + 2 : word + 1;
  __atomic_store_n(&c->word, next, __ATOMIC_SEQ_CST);
  if (Held(word)) WakeAll(c);
  *token = ClaimToken{free_slot, next};
  return ClaimResult::kClaimed;
}

bool Region::ReleaseClaim(ClaimToken token) {
  WARP_GUARDED_ACCESS();
  if (token.slot >= config_.claim_count || !Held(token.word)) return false;
  ClaimHeader* c = ClaimAt(token.slot);
  {
    Writer w(this, false);
    if (Load32(&c->word) != token.word || c->pid != SelfPid()) return false;
    __atomic_store_n(&c->word, token.word + 1, __ATOMIC_SEQ_CST);
  }
  WakeAll(c);
  return true;
}

bool Region::ClaimUnchanged(ClaimToken token) const {
  if (token.slot >= config_.claim_count) return false;
  return __atomic_load_n(&ClaimAt(token.slot)->word, __ATOMIC_ACQUIRE) == token.word;
}

int64_t Region::ClaimLeaseLeft(ClaimToken token) const {
  if (token.slot >= config_.claim_count) return 0;
  const ClaimHeader* c = ClaimAt(token.slot);
  if (__atomic_load_n(&c->word, __ATOMIC_ACQUIRE) != token.word) return 0;
  // A takeover rewrites pid and deadline before it moves the word: if the word is
  // still the token's afterwards, these belong to the holder the token saw. (Acquire
  // loads keep the second look at the word after them.)
  const int pid = __atomic_load_n(&c->pid, __ATOMIC_ACQUIRE);
  const int64_t deadline = __atomic_load_n(&c->deadline, __ATOMIC_ACQUIRE);
  if (__atomic_load_n(&c->word, __ATOMIC_ACQUIRE) != token.word) return 0;
  if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) return 0;
  const int64_t left = deadline - Now();  // as Claim: gone once now >= deadline
  return left > 0 ? left : 0;
}

bool Region::WaitClaim(ClaimToken token, int timeout_ms) const {
  if (token.slot >= config_.claim_count) return true;
  ClaimHeader* c = ClaimAt(token.slot);
  uint32_t* word = &c->word;
  const int64_t end = MonotonicMillis() + (timeout_ms < 0 ? 0 : timeout_ms);
  __atomic_fetch_add(&c->sleepers, 1u, __ATOMIC_SEQ_CST);
  bool changed = false;
  for (;;) {
    if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != token.word) {
      changed = true;
      break;
    }
    const int64_t left = end - MonotonicMillis();
    if (left <= 0) break;
    timespec ts{static_cast<time_t>(left / 1000), static_cast<long>(left % 1000) * 1000000L};
    // EAGAIN: the word already changed; EINTR: a signal; ETIMEDOUT: loop checks the clock.
    Futex(word, FUTEX_WAIT, token.word, &ts);
  }
  __atomic_fetch_sub(&c->sleepers, 1u, __ATOMIC_SEQ_CST);
  return changed;
}

uint32_t Region::HeldClaims() const {
  uint32_t held = 0;
  for (uint32_t i = 0; i < config_.claim_count; i++) {
    if (Held(__atomic_load_n(&ClaimAt(i)->word, __ATOMIC_ACQUIRE))) held++;
  }
  return held;
}

}  // namespace warp
