#include "region.h"

#include "region_internal.h"

#include <sched.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <random>
#include <string>

#include "atomics.h"
#include "errors.h"
#include "fault_guard.h"
#include "robust_lock.h"
#include "seq_lock.h"
#include "siphash.h"
#include "system_clock.h"

namespace warp {

namespace {

// A reader gives up (reports a miss) after this many attempts or this much time,
// whichever comes first: it is the only thing a reader ever waits for, and a
// writer that died mid-write would otherwise keep it waiting forever.
constexpr int kReadAttempts = 4096;
constexpr int64_t kReadPatienceMs = 5;

// Returns false when the reader should give up.
bool ReadBackoff(int attempt, int64_t* started) {
  if ((attempt & 63) != 63) {
    CpuRelax();
    return true;
  }
  // Every 64 attempts: let a preempted writer on this CPU finish, and watch the time.
  const int64_t now = MonotonicMillis();
  if (*started == 0) *started = now;
  sched_yield();
  return now - *started < kReadPatienceMs;
}

bool KeyEquals(const uint64_t* stored, const uint64_t* key, uint32_t key_len) {
  const size_t words = Region::KeyWords(key_len);
  for (size_t i = 0; i < words; i++) {
    if (Load64(stored + i) != key[i]) return false;
  }
  return true;
}

// Start of an entry's check: the key's keyed hash (so a damaged key byte cannot
// turn one entry into another key's) and the lengths; the value words follow.
uint64_t KeyCheck(uint64_t hash, uint32_t key_len, uint32_t value_len) {
  return CheckMix(hash, uint64_t{key_len} << 32 | value_len);
}

uint32_t FoldCheck(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 32)); }

// The value words folded into a check, read in place from the mapping.
uint64_t CheckInPlace(const uint64_t* src, uint32_t bytes, uint64_t h) {
  const size_t n = Words(bytes);
  for (size_t i = 0; i < n; i++) h = CheckMix(h, Load64(src + i));
  return h;
}

uint32_t ValueCheck(uint64_t h, const uint8_t* value, uint32_t value_len) {
  const size_t full = value_len / 8;
  for (size_t i = 0; i < full; i++) {
    uint64_t w;
    std::memcpy(&w, value + i * 8, 8);
    h = CheckMix(h, w);
  }
  if (value_len % 8 != 0) {
    uint64_t w = 0;
    std::memcpy(&w, value + full * 8, value_len % 8);
    h = CheckMix(h, w);
  }
  return FoldCheck(h);
}

uint64_t RandomWord() {
  uint64_t v = 0;
  if (getrandom(&v, sizeof v, 0) == static_cast<ssize_t>(sizeof v)) return v;
  std::random_device rd;
  return (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

std::string ConfigDifferences(const ConfigBlock& found, const RegionConfig& asked) {
  std::string out;
  auto add = [&](const char* field, uint64_t have, uint64_t want) {
    if (have == want) return;
    if (!out.empty()) out += ", ";
    out += std::string(field) + " " + std::to_string(have) + " (asked " + std::to_string(want) + ")";
  };
  add("max", found.capacity, asked.capacity);
  add("maxKeyBytes", found.max_key_bytes, asked.max_key_bytes);
  add("maxValueBytes", found.max_value_bytes, asked.max_value_bytes);
  add("ttl", static_cast<uint64_t>(found.default_ttl_ms), static_cast<uint64_t>(asked.default_ttl_ms));
  add("codec", found.codec_id, asked.codec_id);
  return out;
}

}  // namespace

uint32_t AbiFingerprint() {
  // Anything that changes how these bytes are read: struct sizes, the mutex's
  // implementation, word size, byte order.
  uint32_t f = 0x9e3779b9u;
  auto mix = [&f](uint32_t v) { f = (f ^ v) * 0x01000193u; };
  mix(static_cast<uint32_t>(sizeof(Header)));
  mix(static_cast<uint32_t>(sizeof(pthread_mutex_t)));
  mix(static_cast<uint32_t>(alignof(pthread_mutex_t)));
  mix(static_cast<uint32_t>(sizeof(SlotHeader)));
  mix(static_cast<uint32_t>(sizeof(ClaimHeader)));
  mix(static_cast<uint32_t>(sizeof(void*)));
  mix(__BYTE_ORDER__);
#if defined(__GLIBC__)
  mix(1);
#else
  mix(2);
#endif
  return f;
}

uint64_t ConfigChecksum(const ConfigBlock& c) {
  return SipHash13(0x6368656b73756d31ULL, 0x7761727072656731ULL, reinterpret_cast<const uint8_t*>(&c),
                   offsetof(ConfigBlock, checksum));
}

void Region::ThrowFaulted() const {
  throw RegionError("E_CORRUPT",
                    "the cache file of '" + name_ +
                        "' shrank while mapped (another process truncated it); this handle "
                        "is unusable: close it, destroy the cache and open it again");
}

void Region::OnFault(FaultScope* scope) const {
  UnblockFaultSignal();
  __atomic_store_n(&faulted_, 1, __ATOMIC_RELAXED);
  void* held = scope->held_lock;
  scope->held_lock = nullptr;
  if (held != nullptr) {
    // Other processes may still use what is left of the file. Do not leave them a
    // half-done write (readers would wait out their patience on every get) nor a
    // lock to wait for until their timeout: repair as a writer that finds a dead
    // holder would, then unlock. Either step may fault again (the header may be
    // gone too); each is guarded on its own.
    {
      Access retry(this);
      if (sigsetjmp(retry.scope.env, 0) == 0) const_cast<Region*>(this)->RecoverLocked(false);
    }
    UnblockFaultSignal();
    {
      // The repair itself faulted (the buckets are gone): close the write section
      // anyway, so readers go on to touch the missing pages and get E_CORRUPT
      // instead of waiting out their patience on every call. What survives of the
      // table is still checked entry by entry (keyed hash and value check).
      Access retry(this);
      if (sigsetjmp(retry.scope.env, 0) == 0) {
        const uint64_t s = Load64(&header_->seq);
        if ((s & 1) != 0) SeqWriteEnd(&header_->seq, s);
      }
    }
    UnblockFaultSignal();
    {
      Access retry(this);
      if (sigsetjmp(retry.scope.env, 0) == 0) UnlockRobust(static_cast<pthread_mutex_t*>(held));
    }
    UnblockFaultSignal();
  }
  ThrowFaulted();
}

// Cheap invariants of the table state, checked by every writer: a damaged file
// must not steer a writer outside the table or keep a nonsense size.
bool Region::StateSaneLocked() const {
  const TableState& st = header_->state;
  const uint64_t cap = config_.capacity;
  auto index_ok = [cap](uint32_t i) { return i == kNone || i < cap; };
  return Load64(&st.size) <= cap && st.next_unused <= cap && index_ok(st.head) &&
         index_ok(st.tail) && index_ok(st.hand) && index_ok(st.free_head) &&
         (st.head == kNone) == (st.tail == kNone);
}

void Region::RecoverLocked(bool owner_died) {
  uint64_t* seq = &header_->seq;
  const uint64_t s = Load64(seq);
  if ((s & 1) != 0) {
    // The previous writer died between SeqWriteBegin and SeqWriteEnd: links,
    // buckets and slots may disagree. Nothing in there can be trusted, so start
    // over; a cache may forget, it must not lie.
    ClearLocked();
    SeqWriteEnd(seq, s);
  }
  if (owner_died) MarkConsistent(&header_->lock);
}

std::unique_ptr<Region> Region::Open(const RegionConfig& c) {
  if (c.capacity < 1 || c.capacity > kMaxCapacity) {
    throw RegionError("E_INVALID_OPTION", "max must be an integer in [1, 2^30]");
  }
  if (c.max_key_bytes < 1 || c.max_key_bytes > kMaxKeyBytesLimit) {
    throw RegionError("E_INVALID_OPTION", "maxKeyBytes must be an integer in [1, 65536]");
  }
  if (c.max_value_bytes > kMaxValueBytesLimit) {
    throw RegionError("E_INVALID_OPTION", "maxValueBytes must be an integer in [0, 2^26]");
  }
  if (c.default_ttl_ms < 0) throw RegionError("E_INVALID_OPTION", "ttl must be ≥ 0");
  const Geometry g = ComputeGeometry(c.capacity, c.max_key_bytes, c.max_value_bytes);
  if (g.total_size == 0) throw RegionError("E_INVALID_OPTION", "the cache size overflows 64 bits");

  auto init = [&](uint8_t* base) {
    Header* h = reinterpret_cast<Header*>(base);
    ConfigBlock& cfg = h->config;
    cfg.magic = kMagic;
    cfg.layout_version = kLayoutVersion;
    cfg.abi_fingerprint = AbiFingerprint();
    cfg.capacity = c.capacity;
    cfg.bucket_count = g.bucket_count;
    cfg.max_key_bytes = c.max_key_bytes;
    cfg.max_value_bytes = c.max_value_bytes;
    cfg.slot_size = g.slot_size;
    cfg.codec_id = c.codec_id;
    cfg.default_ttl_ms = c.default_ttl_ms;
    cfg.buckets_offset = g.buckets_offset;
    cfg.slots_offset = g.slots_offset;
    cfg.claims_offset = g.claims_offset;
    cfg.claim_count = g.claim_count;
    cfg.claim_slot_size = g.claim_slot_size;
    cfg.total_size = g.total_size;
    cfg.seed0 = RandomWord();
    cfg.seed1 = RandomWord();
    cfg.checksum = ConfigChecksum(cfg);
    InitRobustMutex(&h->lock);
    TableState& st = h->state;
    st.size = 0;
    st.head = st.tail = st.hand = st.free_head = kNone;
    st.next_unused = 0;
    const auto boot = BootId();
    std::memcpy(st.boot_id, boot.data(), sizeof st.boot_id);
    // Last: the file is complete.
    __atomic_store_n(&st.ready, 1u, __ATOMIC_RELEASE);
  };

  ConfigBlock checked{};
  auto check = [&](const ConfigBlock& f, uint64_t file_size) {
    const std::string what = "the cache file '" + c.name + "' in " + c.dir;
    if (f.magic != kMagic) {
      throw RegionError("E_CORRUPT", what + " is not a warp cache (bad magic); destroy it");
    }
    if (f.layout_version != kLayoutVersion) {
      throw RegionError("E_CORRUPT", what + " has layout version " + std::to_string(f.layout_version) +
                                         "; this build reads version " +
                                         std::to_string(kLayoutVersion) + ". Destroy it");
    }
    if (f.abi_fingerprint != AbiFingerprint()) {
      throw RegionError("E_CORRUPT", what + " was written by an incompatible build; destroy it");
    }
    if (f.checksum != ConfigChecksum(f)) {
      throw RegionError("E_CORRUPT", what + " has a damaged header (checksum); destroy it");
    }
    const Geometry fg = ComputeGeometry(f.capacity, f.max_key_bytes, f.max_value_bytes);
    if (f.capacity < 1 || f.capacity > kMaxCapacity || f.max_key_bytes > kMaxKeyBytesLimit ||
        f.max_value_bytes > kMaxValueBytesLimit || fg.total_size == 0 ||
        fg.bucket_count != f.bucket_count || fg.slot_size != f.slot_size ||
        fg.buckets_offset != f.buckets_offset || fg.slots_offset != f.slots_offset ||
        fg.claims_offset != f.claims_offset || fg.claim_count != f.claim_count ||
        fg.claim_slot_size != f.claim_slot_size || fg.total_size != f.total_size) {
      throw RegionError("E_CORRUPT", what + " has an inconsistent header; destroy it");
    }
    if (file_size != f.total_size) {
      throw RegionError("E_CORRUPT", what + " is " + std::to_string(file_size) + " bytes, expected " +
                                         std::to_string(f.total_size) + " (truncated?); destroy it");
    }
    const std::string diff = ConfigDifferences(f, c);
    if (!diff.empty()) {
      throw RegionError("E_CONFIG_MISMATCH",
                        "the shared cache '" + c.name + "' already exists with another configuration: " +
                            diff + ". Open it with the same options, or destroy it first");
    }
    checked = f;
  };

  MappedFile file = OpenOrCreate(c.dir, c.name, g, init, check);
  std::unique_ptr<Region> region(new Region(file));
  region->lock_timeout_ms_ = c.lock_timeout_ms;
  region->name_ = c.name;
  InstallFaultHandler();
  if (!file.created && std::memcmp(&checked, &region->header_->config, sizeof checked) != 0) {
    throw RegionError("E_CORRUPT", "the header of '" + c.name + "' changed while it was opened");
  }
  if (__atomic_load_n(&region->header_->state.ready, __ATOMIC_ACQUIRE) != 1) {
    throw RegionError("E_CORRUPT", "the cache file '" + c.name + "' was never finished; destroy it");
  }
  // Deadlines are CLOCK_MONOTONIC readings of the boot that wrote them.
  const auto boot = BootId();
  if (std::memcmp(boot.data(), region->header_->state.boot_id, boot.size()) != 0) {
    Writer w(region.get(), false);
    w.Begin();
    region->ClearLocked();
    // Claims of another boot name processes that no longer exist.
    std::memset(region->claims_, 0, uint64_t{region->config_.claim_count} * region->config_.claim_slot_size);
    std::memcpy(region->header_->state.boot_id, boot.data(), boot.size());
  }
  return region;
}

void Region::Destroy(const std::string& dir, const std::string& name) { DestroyFiles(dir, name); }

Region::Region(MappedFile file) : file_(file) {
  header_ = reinterpret_cast<Header*>(file_.base);
  config_ = header_->config;
  buckets_ = reinterpret_cast<uint64_t*>(file_.base + config_.buckets_offset);
  slots_ = file_.base + config_.slots_offset;
  claims_ = file_.base + config_.claims_offset;
  mask_ = config_.bucket_count - 1;
  stripe_ = static_cast<int>(__atomic_fetch_add(&header_->stripe_cursor, 1u, __ATOMIC_RELAXED) %
                             kCounterStripes);
}

Region::~Region() { Unmap(&file_); }

uint64_t Region::Hash(const uint64_t* key, uint32_t key_len) const {
  return SipHash13(config_.seed0, config_.seed1, reinterpret_cast<const uint8_t*>(key), key_len);
}

int64_t Region::Now(bool round_up) const {
  const int64_t forced = __atomic_load_n(&time_override_, __ATOMIC_RELAXED);
  return forced >= 0 ? forced : MonotonicMillis(round_up);
}

// Safe to run without the lock: every index read from the mapping is checked
// before use, so a concurrent writer (or a damaged file) can at worst make it
// answer wrongly, which the seqlock check then discards.
Region::Probe Region::Find(const uint64_t* key, uint32_t key_len, uint64_t hash,
                           Location* at) const {
  const uint32_t tag = static_cast<uint32_t>(hash);
  uint64_t i = hash & mask_;
  for (uint64_t n = 0; n < config_.bucket_count; n++, i = (i + 1) & mask_) {
    const uint64_t e = Load64(&buckets_[i]);
    if (e == 0) return Probe::kMissing;
    if (static_cast<uint32_t>(e >> 32) != tag) continue;
    const uint64_t slot = (e & 0xffffffffu) - 1;
    if (slot >= config_.capacity) return Probe::kDamaged;
    SlotHeader* s = Slot(slot);
    if (Load32(&s->key_len) != key_len || !KeyEquals(SlotKey(s), key, key_len)) continue;
    at->bucket = i;
    at->slot = static_cast<uint32_t>(slot);
    return Probe::kFound;
  }
  return Probe::kDamaged;  // a full table cannot happen: load factor ≤ 1/2
}

int64_t Region::Read(const uint64_t* key, uint32_t key_len, uint64_t* out, const ReadMemo* memo,
                     ReadInfo* info, bool settled) {
  WARP_GUARDED_ACCESS();
  if (key_len > config_.max_key_bytes) {
    Add64(&Counters().misses, 1);
    return -1;
  }
  const uint64_t hash = Hash(key, key_len);
  int64_t waited_since = 0;
  // A settled read that ran out of patience holds the write lock from then on:
  // no writer can start, so the next attempt sees an even, stable sequence.
  // Under the lock one more attempt decides; should it still fail (the lock's
  // recovery cleared the region mid-write), the read is a miss.
  std::optional<Writer> held;
  auto settle = [&] {
    if (!settled || held.has_value()) return false;
    held.emplace(this, false);
    return held->locked();
  };
  auto keep_trying = [&](int attempt) {
    if (held.has_value()) return false;
    return ReadBackoff(attempt, &waited_since) || settle();
  };
  for (int attempt = 0;; attempt++) {
    if (attempt >= kReadAttempts && !held.has_value() && !settle()) break;
    const uint64_t start = SeqReadBegin(&header_->seq);
    if ((start & 1) != 0) {
      if (!keep_trying(attempt)) break;
      continue;
    }
    Location at{};
    const Probe p = Find(key, key_len, hash, &at);
    int64_t len = -1;
    int64_t expires = 0;
    uint64_t generation = 0;
    if (p == Probe::kFound) {
      SlotHeader* s = Slot(at.slot);
      const uint32_t vlen = Load32(&s->value_len);
      expires = LoadI64(&s->expires_at);
      generation = Load64(&s->generation);
      const uint32_t m = memo != nullptr ? at.slot & memo->mask : 0;
      if (memo != nullptr && memo->slots[m] == static_cast<int32_t>(at.slot) &&
          memo->generations[m] == static_cast<double>(generation) && generation != 0) {
        // Validated below like any read: this slot still holds that write.
        len = kRemembered;
      } else if (vlen <= config_.max_value_bytes) {
        const uint64_t h = CopyOutChecked(out, SlotValue(s), vlen,
                                          KeyCheck(hash, key_len, vlen));
        len = Load32(&s->check) == FoldCheck(h) ? static_cast<int64_t>(vlen) : -2;
      }
    }
    if (!SeqReadValid(&header_->seq, start)) {
      if (!keep_trying(attempt)) break;
      continue;
    }
    if (len == -2) break;  // a consistent copy of damaged bytes: a miss, never a wrong value
    if (len == -1) break;
    if (expires != 0 && Now() >= expires) {
      Add64(&Counters().misses, 1);
      TryRemoveExpired(key, key_len, hash);
      return -1;
    }
    // Racing with an eviction this may mark the slot's next tenant; SIEVE only
    // gets slightly less precise, nothing reads it as data.
    uint32_t* visited = &Slot(at.slot)->visited;
    if (Load32(visited) == 0) Store32(visited, 1);
    Add64(&Counters().hits, 1);
    if (info != nullptr) {
      info->slot = at.slot;
      info->generation = generation;
    }
    return len;
  }
  Add64(&Counters().misses, 1);
  return -1;
}

bool Region::Has(const uint64_t* key, uint32_t key_len) {
  WARP_GUARDED_ACCESS();
  if (key_len > config_.max_key_bytes) return false;
  const uint64_t hash = Hash(key, key_len);
  int64_t waited_since = 0;
  for (int attempt = 0; attempt < kReadAttempts; attempt++) {
    const uint64_t start = SeqReadBegin(&header_->seq);
    if ((start & 1) != 0) {
      if (!ReadBackoff(attempt, &waited_since)) break;
      continue;
    }
    Location at{};
    bool found = Find(key, key_len, hash, &at) == Probe::kFound;
    int64_t expires = 0;
    if (found) {
      // Same verdict as Get: an entry whose check fails is not there.
      SlotHeader* s = Slot(at.slot);
      const uint32_t vlen = Load32(&s->value_len);
      expires = LoadI64(&s->expires_at);
      found = vlen <= config_.max_value_bytes &&
              Load32(&s->check) == FoldCheck(CheckInPlace(SlotValue(s), vlen,
                                                          KeyCheck(hash, key_len, vlen)));
    }
    if (!SeqReadValid(&header_->seq, start)) {
      if (!ReadBackoff(attempt, &waited_since)) break;
      continue;
    }
    return found && (expires == 0 || Now() < expires);
  }
  return false;
}

void Region::TryRemoveExpired(const uint64_t* key, uint32_t key_len, uint64_t hash) {
  // Only if the lock is free right now: a get never waits for a writer.
  Writer w(this, true);
  if (!w.locked()) return;
  Location at{};
  if (Find(key, key_len, hash, &at) != Probe::kFound) return;
  const int64_t expires = LoadI64(&Slot(at.slot)->expires_at);
  if (expires == 0 || Now() < expires) return;
  w.Begin();
  if (RemoveLocked(at.slot, at.bucket)) Add64(&Counters().expirations, 1);
}

SetResult Region::Set(const uint64_t* key, uint32_t key_len, const uint8_t* value,
                      uint32_t value_len, int64_t ttl_ms) {
  WARP_GUARDED_ACCESS();
  if (key_len > config_.max_key_bytes || value_len > config_.max_value_bytes) {
    CountOversize();
    return SetResult::kOversize;
  }
  const uint64_t hash = Hash(key, key_len);
  const int64_t ttl = ttl_ms < 0 ? config_.default_ttl_ms : ttl_ms;
  const int64_t expires = ttl > 0 ? Now(true) + ttl : 0;

  Writer w(this, false);
  w.Begin();
  Location at{};
  Probe p = Find(key, key_len, hash, &at);
  if (p == Probe::kDamaged) {
    ClearLocked();
    p = Probe::kMissing;
  }
  if (p == Probe::kFound) {
    SlotHeader* s = Slot(at.slot);
    CopyIn(SlotValue(s), value, value_len);
    Store32(&s->value_len, value_len);
    Store32(&s->check, ValueCheck(KeyCheck(hash, key_len, value_len), value, value_len));
    StoreI64(&s->expires_at, expires);
    Store64(&s->generation, ++header_->state.last_generation);
    Add64(&Counters().sets, 1);
    return SetResult::kStored;
  }
  TableState& st = header_->state;
  if (Load64(&st.size) >= config_.capacity && !EvictOneLocked()) ClearLocked();
  uint32_t slot = AllocSlotLocked();
  if (slot == kNone) {
    ClearLocked();
    slot = AllocSlotLocked();
  }
  SlotHeader* s = Slot(slot);
  s->hash = hash;
  Store32(&s->key_len, key_len);
  CopyIn(SlotKey(s), reinterpret_cast<const uint8_t*>(key), key_len);
  CopyIn(SlotValue(s), value, value_len);
  Store32(&s->value_len, value_len);
  Store32(&s->check, ValueCheck(KeyCheck(hash, key_len, value_len), value, value_len));
  StoreI64(&s->expires_at, expires);
  Store64(&s->generation, ++st.last_generation);
  Store32(&s->visited, 0);
  // Newest at the head.
  s->prev = kNone;
  s->next = st.head;
  if (st.head < config_.capacity) Slot(st.head)->prev = slot;
  st.head = slot;
  if (st.tail >= config_.capacity) st.tail = slot;

  uint64_t i = hash & mask_;
  uint64_t n = 0;
  while (n < config_.bucket_count && Load64(&buckets_[i]) != 0) {
    i = (i + 1) & mask_;
    n++;
  }
  Store64(&buckets_[i], (hash & 0xffffffffu) << 32 | (uint64_t{slot} + 1));
  Store64(&st.size, Load64(&st.size) + 1);
  Add64(&Counters().sets, 1);
  return SetResult::kStored;
}

bool Region::Delete(const uint64_t* key, uint32_t key_len, bool count) {
  WARP_GUARDED_ACCESS();
  if (key_len > config_.max_key_bytes) return false;
  const uint64_t hash = Hash(key, key_len);
  Writer w(this, false);
  Location at{};
  const Probe p = Find(key, key_len, hash, &at);
  if (p == Probe::kDamaged) {
    w.Begin();
    ClearLocked();
    return false;
  }
  if (p != Probe::kFound) return false;
  w.Begin();
  const int64_t expires = LoadI64(&Slot(at.slot)->expires_at);
  const bool live = expires == 0 || Now() < expires;
  if (!RemoveLocked(at.slot, at.bucket)) return false;
  if (count || !live) Add64(live ? &Counters().deletes : &Counters().expirations, 1);
  return live;
}

void Region::Clear() {
  WARP_GUARDED_ACCESS();
  Writer w(this, false);
  w.Begin();
  ClearLocked();
}

uint64_t Region::Size() const {
  WARP_GUARDED_ACCESS();
  const uint64_t size = Load64(&header_->state.size);
  return size <= config_.capacity ? size : config_.capacity;  // damaged until the next write
}

RegionStats Region::Stats() const {
  WARP_GUARDED_ACCESS();
  RegionStats r{};
  for (const CounterStripe& c : header_->stripes) {
    r.hits += Load64(&c.hits);
    r.misses += Load64(&c.misses);
    r.sets += Load64(&c.sets);
    r.deletes += Load64(&c.deletes);
    r.evictions += Load64(&c.evictions);
    r.expirations += Load64(&c.expirations);
    r.oversize += Load64(&c.oversize);
  }
  r.size = Size();
  r.capacity = config_.capacity;
  return r;
}

void Region::CountOversize() {
  WARP_GUARDED_ACCESS();
  Add64(&Counters().oversize, 1);
}

void Region::ClearLocked() {
  for (uint64_t i = 0; i < config_.bucket_count; i++) Store64(&buckets_[i], 0);
  TableState& st = header_->state;
  Store64(&st.size, 0);
  st.head = st.tail = st.hand = st.free_head = kNone;
  st.next_unused = 0;
}

uint32_t Region::AllocSlotLocked() {
  TableState& st = header_->state;
  if (st.free_head < config_.capacity) {
    const uint32_t slot = st.free_head;
    st.free_head = Slot(slot)->next;
    return slot;
  }
  if (st.next_unused < config_.capacity) return st.next_unused++;
  return kNone;
}

// SIEVE (Zhang et al., NSDI '24): the hand walks from the oldest entry toward the
// newest, clearing visited bits, and evicts the first entry it finds unvisited.
// An expired entry is taken whatever its bit.
bool Region::EvictOneLocked() {
  TableState& st = header_->state;
  const uint64_t cap = config_.capacity;
  const int64_t now = Now();
  // Readers may set bits again behind the hand; after two full turns take what is there.
  const uint64_t patience = 2 * cap + 2;
  uint32_t o = st.hand < cap ? st.hand : st.tail;
  for (uint64_t n = 0;; n++) {
    if (o >= cap) return false;
    SlotHeader* s = Slot(o);
    const int64_t expires = LoadI64(&s->expires_at);
    const bool expired = expires != 0 && expires <= now;
    if (!expired && n < patience && Load32(&s->visited) != 0) {
      Store32(&s->visited, 0);
      o = s->prev < cap ? s->prev : st.tail;
      continue;
    }
    st.hand = s->prev;
    uint64_t bucket = 0;
    if (!FindBucketLocked(o, &bucket) || !RemoveLocked(o, bucket)) return false;
    Add64(expired ? &Counters().expirations : &Counters().evictions, 1);
    return true;
  }
}

bool Region::FindBucketLocked(uint32_t slot, uint64_t* bucket) const {
  uint64_t i = Slot(slot)->hash & mask_;
  for (uint64_t n = 0; n < config_.bucket_count; n++, i = (i + 1) & mask_) {
    const uint64_t e = Load64(&buckets_[i]);
    if (e == 0) return false;
    if ((e & 0xffffffffu) == uint64_t{slot} + 1) {
      *bucket = i;
      return true;
    }
  }
  return false;
}

bool Region::RemoveLocked(uint32_t slot, uint64_t bucket) {
  if (slot >= config_.capacity || bucket > mask_) return false;
  BackwardShiftLocked(bucket);
  UnlinkLocked(slot);
  TableState& st = header_->state;
  Store32(&Slot(slot)->key_len, 0);
  Slot(slot)->next = st.free_head;
  st.free_head = slot;
  const uint64_t size = Load64(&st.size);
  Store64(&st.size, size > 0 ? size - 1 : 0);
  return true;
}

// Deletion without tombstones: entries after the hole move back into it when the
// hole lies between their home bucket and where they sit, so every probe run
// stays unbroken and lookups never slow down as entries come and go.
void Region::BackwardShiftLocked(uint64_t hole) {
  uint64_t j = hole;
  for (uint64_t n = 0; n < config_.bucket_count; n++) {
    j = (j + 1) & mask_;
    const uint64_t e = Load64(&buckets_[j]);
    if (e == 0) break;
    const uint64_t home = (e >> 32) & mask_;
    if (((j - home) & mask_) >= ((j - hole) & mask_)) {
      Store64(&buckets_[hole], e);
      hole = j;
    }
  }
  Store64(&buckets_[hole], 0);
}

void Region::UnlinkLocked(uint32_t slot) {
  TableState& st = header_->state;
  const uint64_t cap = config_.capacity;
  SlotHeader* s = Slot(slot);
  const uint32_t prev = s->prev;
  const uint32_t next = s->next;
  if (prev < cap) {
    Slot(prev)->next = next;
  } else {
    st.head = next;
  }
  if (next < cap) {
    Slot(next)->prev = prev;
  } else {
    st.tail = prev;
  }
  if (st.hand == slot) st.hand = prev;
}

void Region::HoldLockForTest(bool mid_write) {
  pthread_mutex_t* lock = &header_->lock;
  if (LockRobust(lock, lock_timeout_ms_) == LockResult::kOwnerDied) RecoverLocked(true);
  if (mid_write) {
    SeqWriteBegin(&header_->seq);
    // Half of a write: the newest entry's value is scribbled over and its length
    // no longer matches, exactly what a reader must never return.
    const uint32_t head = header_->state.head;
    if (head < config_.capacity) {
      SlotHeader* s = Slot(head);
      const uint32_t len = Load32(&s->value_len);
      uint64_t* v = SlotValue(s);
      for (size_t i = 0; i < Words(len); i++) Store64(v + i, 0xdeadbeefdeadbeefULL);
      Store32(&s->value_len, len / 2);
    }
  }
  for (;;) pause();
}

}  // namespace warp
