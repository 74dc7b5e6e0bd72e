import { expect } from 'vitest'
import { Slot } from '../../src/slot.js'

/** The surface IntIndex and StringIndex share. */
export interface SlotIndex<K> {
  readonly size: number
  get(key: K): number
  set(key: K, slot: number): void
  removeSlot(slot: number): void
}

export type IndexOp<K> = { op: 'set' | 'delete'; key: K }

/**
 * Replays `ops` on a fresh index and on a Map; after every step, every key of `pool`
 * must answer the same in both. A backward-shift bug leaves a later key of a probe run
 * unreachable (or findable twice), which a full sweep of the pool catches at once.
 */
export function replayAgainstMap<K>(
  index: SlotIndex<K>,
  ops: readonly IndexOp<K>[],
  pool: readonly K[],
): void {
  const model = new Map<K, number>()
  let next = 0
  for (const { op, key } of ops) {
    if (op === 'set') {
      if (model.has(key)) continue // set's contract: the key is absent
      index.set(key, next)
      model.set(key, next++)
    } else {
      const slot = model.get(key)
      if (slot === undefined) continue // removeSlot's contract: the slot is in the index
      index.removeSlot(slot)
      model.delete(key)
    }
    expect(index.size).toBe(model.size)
    for (const k of pool) expect(index.get(k)).toBe(model.get(k) ?? Slot.ABSENT)
  }
}

/**
 * Fills a fresh index with 10,000 keys (`keyOf(0)`, `keyOf(1)`, …), then five times removes
 * every third key from the middle of the insertion order and refills with fresh keys, so
 * the table stays near its maximum load while probe runs are cut and shifted; every key
 * must stay reachable, and `clear` must forget them all.
 */
export function churnAtFullLoad<K>(
  index: SlotIndex<K> & { clear(): void },
  keyOf: (i: number) => K,
): void {
  const model = new Map<K, number>()
  const n = 10_000
  for (let i = 0; i < n; i++) {
    index.set(keyOf(i), i)
    model.set(keyOf(i), i)
  }
  let fresh = n
  for (let round = 0; round < 5; round++) {
    let j = 0
    for (const [key, slot] of [...model]) {
      if (j++ % 3 === round % 3) {
        index.removeSlot(slot)
        model.delete(key)
      }
    }
    for (; model.size < n; fresh++) {
      index.set(keyOf(fresh), fresh)
      model.set(keyOf(fresh), fresh)
    }
    expect(index.size).toBe(n)
    for (const [key, slot] of model) expect(index.get(key)).toBe(slot)
  }
  index.clear()
  expect(index.size).toBe(0)
  for (const key of model.keys()) expect(index.get(key)).toBe(Slot.ABSENT)
}
