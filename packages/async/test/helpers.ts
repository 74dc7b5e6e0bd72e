import type { AnyBackend } from '@warp/core'
import { ManualClock } from '@warp/core'
import { ReferenceBackend } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'

/** A backend under test, built fresh for each test on the test's clock. */
export interface BackendCase {
  name: string
  mode: 'sync' | 'async'
  create(clock: ManualClock, max?: number): AnyBackend<unknown, unknown>
}

/** Every backend the scenarios run over (8th "must show" item). */
export const backendCases: BackendCase[] = [
  {
    name: 'SieveCache (sync)',
    mode: 'sync',
    create: (clock, max = 1000) => new SieveCache<unknown, unknown>({ max, perf: clock }),
  },
  {
    name: 'ReferenceBackend (async)',
    mode: 'async',
    create: (clock, max = 1000) =>
      new ReferenceBackend<unknown, unknown, 'async'>({ mode: 'async', max, clock }),
  },
]

/** A promise with its resolve/reject exposed, for loaders the test settles by hand. */
export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(reason: unknown): void
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets every queued microtask (and promise chain a few hops deep) run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

/** Settles `promise` into a plain record so a test can assert it did or did not settle yet. */
export function track<T>(promise: Promise<T>): {
  settled: boolean
  value?: T
  error?: unknown
} {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false }
  promise.then(
    (value) => {
      state.settled = true
      state.value = value
    },
    (error: unknown) => {
      state.settled = true
      state.error = error
    },
  )
  return state
}

export { ManualClock }
