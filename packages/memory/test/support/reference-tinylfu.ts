/**
 * A deliberately plain W-TinyLFU simulator for int keys, written from the specification in
 * `src/policy/` (not from its code): three `Map`s as LRU lists (first = least recent), a
 * sketch kept as an array of small numbers, the same seeded hash and coin. `SieveCache`
 * with `policy: 'tinylfu'` must match it hit for hit.
 */
export class ReferenceTinyLfu {
  readonly window = new Map<number, true>()
  readonly probation = new Map<number, true>()
  readonly protected = new Map<number, true>()
  windowMax: number
  protectedMax: number
  readonly windowSizes = new Set<number>()
  #step: number
  #hits = 0
  #misses = 0
  #previous = 0
  #counters: number[] | undefined
  #words = 8
  #additions = 0
  #coin: number

  constructor(
    readonly max: number,
    readonly seed: number,
  ) {
    this.windowMax = Math.min(max, Math.max(1, Math.round(max * 0.01)))
    this.protectedMax = Math.floor((max - this.windowMax) * 0.8)
    this.#step = 0.1 * max
    this.#coin = (seed ^ 0x2545f491) >>> 0
    this.windowSizes.add(this.windowMax)
  }

  get size(): number {
    return this.window.size + this.probation.size + this.protected.size
  }

  /** One request (get, then set on a miss); true on a hit. */
  access(key: number): boolean {
    if (this.window.has(key) || this.probation.has(key) || this.protected.has(key)) {
      if (this.window.has(key)) toMru(this.window, key)
      else if (this.protected.has(key)) toMru(this.protected, key)
      else {
        this.probation.delete(key)
        this.protected.set(key, true)
        this.#demote()
      }
      if (this.#counters) {
        this.#increment(key)
        this.#hits++
        this.#sample()
      }
      return true
    }
    if (this.size === this.max) this.#evict()
    this.window.set(key, true)
    if (this.window.size > this.windowMax) this.probation.set(popLru(this.window), true)
    if (!this.#counters && this.size >= this.max) {
      while (this.#words < this.max) this.#words *= 2
      this.#counters = new Array(this.#words * 8).fill(0)
      for (const list of [this.window, this.probation, this.protected]) {
        for (const k of list.keys()) if (k !== key) this.#increment(k)
      }
    }
    if (this.#counters) {
      this.#increment(key)
      this.#misses++
      this.#sample()
    }
    return false
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
    const admit = c > v || (c >= 6 && (this.#random() & 127) === 0)
    if (admit) from.delete(victim)
    else this.probation.delete(candidate)
  }

  #demote(): void {
    while (this.protected.size > this.protectedMax) {
      this.probation.set(popLru(this.protected), true)
    }
  }

  #sample(): void {
    const total = this.#hits + this.#misses
    if (total < 10 * this.max) return
    const rate = this.#hits / total
    const change = rate - this.#previous
    const amount = change >= 0 ? this.#step : -this.#step
    if (Math.abs(change) >= 0.05) this.#step = 0.1 * this.max * (amount >= 0 ? 1 : -1)
    else this.#step = 0.98 * amount
    this.#previous = rate
    this.#hits = 0
    this.#misses = 0
    const target = Math.min(this.max, Math.max(1, this.windowMax + Math.round(amount)))
    if (target === this.windowMax) return
    this.windowMax = target
    this.windowSizes.add(target)
    this.protectedMax = Math.floor((this.max - target) * 0.8)
    while (this.window.size < target) {
      const from = this.probation.size > 0 ? this.probation : this.protected
      if (from.size === 0) break
      this.window.set(popLru(from), true)
    }
    while (this.window.size > target) this.probation.set(popLru(this.window), true)
    this.#demote()
  }

  /** The four counter positions of `key`: word × 8 + nibble. */
  #cells(key: number): number[] {
    const hash = mix((key ^ this.seed) >>> 0)
    const cells: number[] = []
    for (let row = 1; row <= 4; row++) {
      const h = mix((hash ^ Math.imul(row, 0x9e3779b9)) >>> 0)
      cells.push((h % this.#words) * 8 + Math.floor(h / 2 ** 29))
    }
    return cells
  }

  #increment(key: number): void {
    const counters = this.#counters!
    let changed = false
    for (const c of this.#cells(key)) {
      if (counters[c]! < 15) {
        counters[c]!++
        changed = true
      }
    }
    if (changed && ++this.#additions >= 10 * this.max) {
      for (let c = 0; c < counters.length; c++) counters[c] = Math.floor(counters[c]! / 2)
      this.#additions = Math.floor(this.#additions / 2)
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
