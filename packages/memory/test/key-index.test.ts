import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyIndex } from '../src/key-index.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] KeyIndex tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

const key = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom<unknown>(-0, 2 ** 31, -(2 ** 31) - 1, 1.5, Number.NaN, '1', '-0', 1n, null),
)

describe('KeyIndex', () => {
  it('answers get/set/delete/clear/size as a Map with SameValueZero keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('set', 'set', 'delete', 'get', 'clear'), key), {
          maxLength: 300,
        }),
        (steps) => {
          const index = new KeyIndex<unknown>()
          const model = new Map<unknown, number>()
          let slot = 0
          for (const [op, k] of steps) {
            if (op === 'set') {
              if (model.has(k)) continue // the contract: set only for an absent key
              index.set(k, slot)
              model.set(k, slot++)
            } else if (op === 'delete') {
              expect(index.delete(k)).toBe(model.delete(k))
            } else if (op === 'clear') {
              index.clear()
              model.clear()
            }
            expect(index.get(k)).toBe(model.get(k))
            expect(index.size).toBe(model.size)
          }
          for (const [k, s] of model) expect(index.get(k)).toBe(s)
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it('finds and deletes a -0 key by 0, and keeps 1 and "1" apart', () => {
    const index = new KeyIndex<unknown>()
    index.set(-0, 3)
    index.set('1', 4)
    index.set(1, 5)
    expect([index.get(0), index.get('1'), index.get(1), index.size]).toEqual([3, 4, 5, 3])
    expect(index.delete(0)).toBe(true)
    expect(index.get(-0)).toBeUndefined()
  })
})
