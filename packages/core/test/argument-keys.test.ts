import { describe, expect, it, vi } from 'vitest'
import { ArgumentKeys, memoize } from '../src/index.js'
import { ReferenceBackend } from '../src/testing/index.js'

function memoizedProbe() {
  const inner = vi.fn((..._args: unknown[]) => Symbol('result'))
  const f = memoize(inner, { backend: new ReferenceBackend({ mode: 'sync', max: 10_000 }) })
  return { f, inner }
}

// Each pair must be two different cache entries.
const distinctPairs: Array<[string, unknown[], unknown[]]> = [
  ['1 / "1"', [1], ['1']],
  ['"a,b" / "a","b"', ['a,b'], ['a', 'b']],
  ['() / (undefined)', [], [undefined]],
  ['(null) / (undefined)', [null], [undefined]],
  ['0 / -0', [0], [-0]],
  ['1n / 1', [1n], [1]],
  ['true / "true"', [true], ['true']],
  ['"a" / "a", undefined', ['a'], ['a', undefined]],
  ['composite-looking string / two args', ['\u00012:s1:an1;'], ['a', 1]],
  ['"" / ()', [''], []],
  ['two objects with equal content', [{ a: 1 }], [{ a: 1 }]],
  ['string with separator', ['a', 'b;c'], ['a;b', 'c']],
  ['length-prefix trick', ['s1:a', ''], ['', 's1:a']],
  ['three args vs two', [1, 2, 3], [1, 23]],
]

describe('collision-free argument keys', () => {
  for (const [label, a, b] of distinctPairs) {
    it(`${label} are two entries`, () => {
      const { f, inner } = memoizedProbe()
      const ra = f(...a)
      const rb = f(...b)
      expect(ra).not.toBe(rb)
      expect(f(...a)).toBe(ra)
      expect(f(...b)).toBe(rb)
      expect(inner).toHaveBeenCalledTimes(2)
    })
  }

  it('NaN twice is one entry; the same object twice is one entry', () => {
    const { f, inner } = memoizedProbe()
    const obj = {}
    expect(f(Number.NaN)).toBe(f(Number.NaN))
    expect(f(obj)).toBe(f(obj))
    expect(f(obj, Number.NaN)).toBe(f(obj, Number.NaN))
    expect(inner).toHaveBeenCalledTimes(3)
  })

  it('a single primitive argument is the key itself (no key is built)', () => {
    const keys = new ArgumentKeys({ bytes: false })
    for (const value of [1, 'x', true, 10n, null, undefined, Number.NaN]) {
      expect(keys.one(value)).toBe(value)
    }
    const obj = {}
    expect(keys.one(obj)).toBe(obj)
    expect(keys.one(-0)).not.toBe(0)
    expect(typeof keys.one('\u0001x')).toBe('string')
    expect(keys.one('\u0001x')).not.toBe('\u0001x')
  })

  it('random argument lists: equal lists share a key, different lists never do (seed printed)', () => {
    const seed = Math.floor(Math.random() * 2 ** 31)
    let state = seed
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31
      return state / 2 ** 31
    }
    const atoms: unknown[] = [
      0,
      -0,
      1,
      '1',
      '',
      'a',
      'a,b',
      ',',
      ';',
      's1:',
      true,
      'true',
      null,
      undefined,
      1n,
      Number.NaN,
      '\u0001',
    ]
    const keys = new ArgumentKeys({ bytes: false })
    const seen = new Map<unknown, string>()
    for (let i = 0; i < 3000; i++) {
      const args = Array.from(
        { length: Math.floor(next() * 4) },
        () => atoms[Math.floor(next() * atoms.length)],
      )
      const id =
        args.map((x) => (Object.is(x, -0) ? '-0' : `${typeof x}:${String(x)}`)).join('|') +
        `#${args.length}`
      const key = keys.many(args)
      const previous = seen.get(key)
      if (previous !== undefined) expect(previous, `seed ${seed}`).toBe(id)
      seen.set(key, id)
    }
  })
})
