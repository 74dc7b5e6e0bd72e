/** A remembered close call of the admission contest. */
interface Decision {
  winner: number
  loser: number
  admitted: boolean
  /** The key that stayed (a hit settles only its own win, not a colliding fingerprint's). */
  winnerKey: number
}

/**
 * A deliberately plain W-TinyLFU simulator for int keys, written from the specification in
 * `src/policy/` (not from the policy's code): three `Map`s as LRU lists (first = least
 * recent), a sketch kept as an array of small numbers, the same seeded hash and coin, and the
 * admission learner's decisions as objects in an array and two `Map`s. `SieveCache` with
 * `policy: 'tinylfu'` must match it hit for hit.
 */
export class ReferenceTinyLfu {
  readonly window = new Map<number, true>()
  readonly probation = new Map<number, true>()
  readonly protected = new Map<number, true>()
  windowMax: number
  protectedMax: number
  /** Every window maximum seen (to tell whether the ladder moved the window). */
  readonly windowSizes = new Set<number>()
  /** Every admission bias seen. */
  readonly biases = new Set<number>()
  /** Audits that found the cache behind LRU and grew the window. */
  auditGrowths = 0
  /** How many times the LRU audit raised the bias (the window being at its ceiling). */
  auditBiasRaises = 0
  bias = -2
  readonly #windowMin: number
  #adjustment = 0
  /** The learner: close calls in a ring, found by fingerprint bucket; two tallies. */
  #ring: (Decision | undefined)[] = []
  #next = 0
  #byWinner = new Map<number, Decision>()
  #byLoser = new Map<number, Decision>()
  #buckets = 1
  #refusals = 0
  #admissions = 0
  /**
   * The LRU audit: a ghost LRU of fingerprints over the sampled keys (1 in `#sample`), its
   * hits and ours on those keys, sampled requests since the last audit, and whether we lagged.
   */
  readonly #ghost = new Map<number, true>()
  readonly #sample: number
  #ghostHits = 0
  #ownHits = 0
  #sampled = 0
  #lagging = false
  /** Counter values, 128 per block: block × 128 + word × 8 + nibble; undefined until full. */
  #counters: number[] | undefined
  #blocks: number
  #size = 0
  #coin: number

  constructor(
    readonly max: number,
    readonly seed: number,
  ) {
    this.windowMax = max - Math.floor(0.99 * max)
    this.protectedMax = Math.floor(0.8 * (max - this.windowMax))
    this.#windowMin = this.windowMax
    // 8 bytes per entry of max, at least 2 KiB (32 blocks of 128 counters).
    this.#blocks = Math.max(32, Math.floor(max / 8))
    this.#coin = (seed ^ 0x2545f491) >>> 0
    this.windowSizes.add(this.windowMax)
    this.biases.add(this.bias)
    this.#ring = new Array(Math.max(128, Math.floor(max / 8)))
    // 1 key in `#sample` is audited, the largest power of two that leaves ≥ 32 ghost entries.
    let sample = 1
    while (sample * 64 <= max) sample *= 2
    this.#sample = sample
    while (this.#buckets < 2 * this.#ring.length) this.#buckets *= 2
  }

  get size(): number {
    return this.window.size + this.probation.size + this.protected.size
  }

  /** One request (get, then set on a miss); true on a hit. */
  access(key: number): boolean {
    const hit = this.window.has(key) || this.probation.has(key) || this.protected.has(key)
    if (hit) {
      if (this.window.has(key)) toMru(this.window, key)
      else if (this.protected.has(key)) toMru(this.protected, key)
      else if (this.protectedMax === 0) toMru(this.probation, key)
      else {
        this.probation.delete(key)
        this.protected.set(key, true)
        this.#demote()
      }
    } else {
      if (this.size === this.max) this.#evict()
      this.window.set(key, true)
      if (this.window.size > this.windowMax) this.probation.set(popLru(this.window), true)
      if (!this.#counters && this.size >= this.max) {
        this.#counters = new Array(this.#blocks * 128).fill(0)
        for (const list of [this.window, this.probation, this.protected]) {
          for (const k of list.keys()) if (k !== key) this.#increment(k)
        }
      }
    }
    if (this.#counters) {
      this.#increment(key)
      this.#settle(key, hit)
      this.#audit(key, hit)
      this.#resize()
    }
    return hit
  }

  #evict(): void {
    let candidate: number | undefined
    if (this.window.size >= this.windowMax && this.window.size > 0) {
      candidate = popLru(this.window)
      this.probation.set(candidate, true)
    }
    const from = [this.probation, this.protected, this.window].find((l) => l.size > 0)!
    const victim = from.keys().next().value as number
    if (candidate === undefined || candidate === victim) {
      from.delete(victim)
      return
    }
    const c = this.#frequency(candidate)
    const v = this.#frequency(victim)
    const admit = c + this.bias > v || (c >= 6 && (this.#random() & 127) === 0)
    if (admit) from.delete(victim)
    else this.probation.delete(candidate)
    // A close call: with the bias one step the other way, the other key would have stayed.
    if ((admit && v - c === this.bias - 1) || (!admit && v - c === this.bias)) {
      this.#remember({
        winner: this.#fingerprint(admit ? candidate : victim),
        loser: this.#fingerprint(admit ? victim : candidate),
        admitted: admit,
        winnerKey: admit ? candidate : victim,
      })
    }
  }

  #remember(d: Decision): void {
    const old = this.#ring[this.#next]
    if (old) {
      if (this.#byWinner.get(old.winner % this.#buckets) === old)
        this.#byWinner.delete(old.winner % this.#buckets)
      if (this.#byLoser.get(old.loser % this.#buckets) === old)
        this.#byLoser.delete(old.loser % this.#buckets)
    }
    this.#ring[this.#next] = d
    this.#next = (this.#next + 1) % this.#ring.length
    this.#byWinner.set(d.winner % this.#buckets, d)
    this.#byLoser.set(d.loser % this.#buckets, d)
  }

  /**
   * A request for `key` settles the close calls it won (right), then those it lost (wrong). A
   * loser left the cache, and the miss that brings it back settles its call, so a `hit` has
   * only won calls to settle, and only its own (by key, not by a colliding fingerprint).
   */
  #settle(key: number, hit: boolean): void {
    const fp = this.#fingerprint(key)
    const bucket = fp % this.#buckets
    const won = this.#byWinner.get(bucket)
    if (won && won.winner === fp && (!hit || won.winnerKey === key)) {
      this.#byWinner.delete(bucket)
      if (this.#byLoser.get(won.loser % this.#buckets) === won) {
        this.#byLoser.delete(won.loser % this.#buckets)
        this.#verdict(won.admitted, false)
      }
    }
    if (hit) return
    const lost = this.#byLoser.get(bucket)
    if (lost && lost.loser === fp) {
      this.#byLoser.delete(bucket)
      if (this.#byWinner.get(lost.winner % this.#buckets) === lost) {
        this.#byWinner.delete(lost.winner % this.#buckets)
        this.#verdict(lost.admitted, true)
      }
    }
  }

  /** Tallies a settled close call; 8 net wrong ones of a kind move the ladder. */
  #verdict(admitted: boolean, wrong: boolean): void {
    const step = Math.max(1, Math.floor(0.0625 * this.max))
    if (admitted) {
      this.#admissions += wrong ? 1 : -1
      if (this.#admissions >= 8) {
        // Admit less: shrink the window toward its floor, else a stricter bias (neither
        // while the LRU audit finds the cache behind LRU).
        if (this.#lagging) {
          // ignored
        } else if (this.bias > 0) this.bias--
        else if (this.windowMax > this.#windowMin)
          this.#adjustment = -Math.min(this.windowMax - this.#windowMin, step)
        else this.bias = Math.max(-15, this.bias - 1)
        this.#admissions = 0
        this.#refusals = 0
      } else this.#admissions = Math.max(this.#admissions, -8)
    } else {
      this.#refusals += wrong ? 1 : -1
      if (this.#refusals >= 8) {
        // Admit more: a looser bias, up to 0, then a larger window.
        if (this.bias < 0) this.bias++
        else this.#adjustment = step
        this.#admissions = 0
        this.#refusals = 0
      } else this.#refusals = Math.max(this.#refusals, -8)
    }
    this.biases.add(this.bias)
  }

  /**
   * The LRU audit: a sampled key is replayed through a ghost LRU of `max / sample` entries.
   * Every `max(250, ceil(max(1000, 2 × max) / sample))` sampled requests, if the ghost's hits on
   * the sampled keys beat ours by more than 3 % of them, as they did in the audit before, or by
   * more than 10 %, the window grows by two window steps (at its ceiling, the bias rises by one
   * instead, up to 16); while they beat ours by more than 1 %, verdicts to admit less are
   * ignored.
   */
  /** The last audit found us more than 3 % behind the ghost. */
  #wasBehind = false

  #audit(key: number, hit: boolean): void {
    const fp = this.#fingerprint(key)
    if (Math.floor(fp / 65536) % this.#sample !== 0) return
    if (hit) this.#ownHits++
    if (this.#ghost.delete(fp)) this.#ghostHits++
    this.#ghost.set(fp, true)
    if (this.#ghost.size > Math.floor(this.max / this.#sample)) popLru(this.#ghost)
    const period = Math.max(250, Math.ceil(Math.max(1000, 2 * this.max) / this.#sample))
    if (++this.#sampled < period) return
    const lag = (this.#ghostHits - this.#ownHits) / Math.max(1, this.#sampled)
    this.#lagging = lag > 0.01
    const behind = lag > 0.03 && (this.#wasBehind || lag > 0.1)
    this.#wasBehind = lag > 0.03
    if (behind) {
      // Grow the window; at its ceiling (no protected space left), admit more instead, up to
      // every candidate (bias 16).
      if (this.protectedMax > 0) {
        this.#adjustment = Math.max(
          this.#adjustment,
          2 * Math.max(1, Math.floor(0.0625 * this.max)),
        )
        this.auditGrowths++
      } else {
        this.bias = Math.min(16, this.bias + 1)
        this.biases.add(this.bias)
        this.auditBiasRaises++
      }
    }
    this.#ghostHits = 0
    this.#ownHits = 0
    this.#sampled = 0
  }

  /** The learner's fingerprint of `key`: the hash that places its sketch counters. */
  #fingerprint(key: number): number {
    return mix((mix((key ^ this.seed) >>> 0) ^ 0x9e3779b9) >>> 0)
  }

  /** `delete(key)`: the entry leaves whichever list holds it; nothing else changes. */
  delete(key: number): void {
    this.window.delete(key) || this.probation.delete(key) || this.protected.delete(key)
  }

  #demote(): void {
    while (this.protected.size > this.protectedMax) {
      this.probation.set(popLru(this.protected), true)
    }
  }

  #resize(): void {
    if (this.#adjustment > 0 && this.protectedMax > 0) {
      // Grow the window: the protected maximum pays; main's LRU entries move over.
      const quota = Math.min(this.#adjustment, this.protectedMax)
      this.protectedMax -= quota
      this.windowMax += quota
      this.#demote()
      let moved = 0
      while (moved < quota && moved < 1000) {
        const from = this.probation.size > 0 ? this.probation : this.protected
        if (from.size === 0) break
        this.window.set(popLru(from), true)
        moved++
      }
      this.protectedMax += quota - moved
      this.windowMax -= quota - moved
      this.#adjustment = quota - moved
    } else if (this.#adjustment < 0 && this.windowMax > 1) {
      // Shrink the window: its LRU entries go to probation; the protected maximum gains.
      const quota = Math.min(-this.#adjustment, this.windowMax - 1)
      this.protectedMax += quota
      this.windowMax -= quota
      let moved = 0
      while (moved < quota && moved < 1000 && this.window.size > 0) {
        this.probation.set(popLru(this.window), true)
        moved++
      }
      this.protectedMax -= quota - moved
      this.windowMax += quota - moved
      this.#adjustment = -(quota - moved)
    }
    this.windowSizes.add(this.windowMax)
  }

  /** The four counter positions of `key`, all in one block. */
  #cells(key: number): number[] {
    const hash = mix((key ^ this.seed) >>> 0)
    const block = Math.floor(hash / 2) % this.#blocks
    const spread = mix((hash ^ 0x9e3779b9) >>> 0)
    const cells: number[] = []
    for (let i = 0; i < 4; i++) {
      const byte = Math.floor(spread / 256 ** i) % 256
      const word = 4 * i + (byte % 4)
      const nibble = Math.floor(byte / 4) % 8
      cells.push(block * 128 + word * 8 + nibble)
    }
    return cells
  }

  #increment(key: number): void {
    const counters = this.#counters!
    let added = false
    for (const c of this.#cells(key)) {
      if (counters[c]! < 15) {
        counters[c]!++
        added = true
      }
    }
    if (added) this.#size++
    // Halve every 10 × max counted requests, at least every 1,280.
    if (this.#size >= Math.max(1280, 10 * this.max)) {
      const odd = counters.filter((n) => n % 2 === 1).length
      for (let c = 0; c < counters.length; c++) counters[c] = Math.floor(counters[c]! / 2)
      this.#size = Math.floor((this.#size - Math.floor(odd / 4)) / 2)
    }
  }

  #frequency(key: number): number {
    return Math.min(...this.#cells(key).map((c) => this.#counters![c]!))
  }

  /** mulberry32. */
  #random(): number {
    this.#coin = (this.#coin + 0x6d2b79f5) >>> 0
    let t = this.#coin
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

function toMru(list: Map<number, true>, key: number): void {
  list.delete(key)
  list.set(key, true)
}

function popLru(list: Map<number, true>): number {
  const key = list.keys().next().value as number
  list.delete(key)
  return key
}

/** MurmurHash3 fmix32. */
function mix(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h = (h ^ (h >>> 13)) >>> 0
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}
