import { memoize } from '@warp/core'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { tempDir, uniqueName } from './helpers/env.js'
import { runFixture } from './helpers/run.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

it('a memoized function in four processes computes each distinct argument once', async () => {
  const name = uniqueName('memo')
  const common = { dir, name, processes: 4, args: 200 }
  const run = (phase: number) =>
    Promise.all(
      [0, 1, 2, 3].map((id) =>
        runFixture<{ computed: number; wrong: number[] }>('memo.mjs', { ...common, id, phase }),
      ),
    )
  const first = await run(1)
  const second = await run(2)
  expect(first.map((r) => r.computed)).toEqual([50, 50, 50, 50])
  expect(second.map((r) => r.computed)).toEqual([0, 0, 0, 0])
  for (const r of [...first, ...second]) expect(r.wrong).toEqual([])
})

it('memoize caches undefined and null results (a cached undefined is not a miss)', () => {
  const cache = new SharedCache<unknown, null | undefined>({
    name: uniqueName('memo-undef'),
    dir,
    max: 100,
  })
  let calls = 0
  const f = memoize(
    (x: number) => {
      calls++
      return x === 0 ? undefined : null
    },
    { backend: cache },
  )
  expect(f(0)).toBeUndefined()
  expect(f(0)).toBeUndefined()
  expect(f(1)).toBeNull()
  expect(f(1)).toBeNull()
  expect(calls).toBe(2)
  cache.close()
})

it('memoize reads hit-or-miss in one step: a write by another instance in between never yields a wrong undefined', () => {
  const name = uniqueName('memo-race')
  const mine = new SharedCache<unknown, string>({ name, dir, max: 100 })
  const theirs = new SharedCache<unknown, string>({ name, dir, max: 100 })
  // If memoize read with get() and then has(), another process could store the
  // result in between; this proxy makes that happen on every such pair.
  const raced = new Proxy(mine, {
    get(target, prop, receiver) {
      if (prop === 'get') {
        return (key: unknown) => {
          const value = target.get(key)
          if (value === undefined) theirs.set(key, `stored by another process: ${String(key)}`)
          return value
        }
      }
      const member = Reflect.get(target, prop, receiver)
      return typeof member === 'function' ? member.bind(target) : member
    },
  })
  const f = memoize((k: string) => `computed ${k}`, { backend: raced })
  for (const k of ['a', 'b', 'c']) expect(f(k)).toBe(`computed ${k}`)
  expect(mine.lookup('zz', 'MISS')).toBe('MISS')
  mine.close()
  theirs.close()
})
