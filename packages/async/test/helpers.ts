import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AnyBackend } from '@warp/core'
import { ManualClock } from '@warp/core'
import { ReferenceBackend } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'
import { SharedCache } from '@warp/shared-native'
import { afterAll } from 'vitest'
import { BytesBackend } from './bytes-backend.js'

/** A backend under test, built fresh for each test on the test's clock. */
export interface BackendCase {
  name: string
  mode: 'sync' | 'async'
  /** Values come back as copies and object keys compare by content. */
  bytes: boolean
  create(clock: ManualClock, max?: number): AnyBackend<unknown, unknown>
}

// SharedCache regions of a test file live in one private temporary folder, removed after the
// file's tests (a process 'exit' handler did not run in vitest's workers and left one folder of
// region files in the temp dir per test file and run).
let sharedDir: string | undefined
let sharedCount = 0
function sharedCacheDir(): string {
  if (!sharedDir) sharedDir = mkdtempSync(join(tmpdir(), 'warp-async-test-'))
  return sharedDir
}
afterAll(() => {
  if (sharedDir) rmSync(sharedDir, { recursive: true, force: true })
  sharedDir = undefined
})

/** Every backend the scenarios run over (8th "must show" item). */
export const backendCases: BackendCase[] = [
  {
    name: 'SieveCache (sync)',
    mode: 'sync',
    bytes: false,
    create: (clock, max = 1000) => new SieveCache<unknown, unknown>({ max, perf: clock }),
  },
  {
    name: 'ReferenceBackend (async)',
    mode: 'async',
    bytes: false,
    create: (clock, max = 1000) =>
      new ReferenceBackend<unknown, unknown, 'async'>({ mode: 'async', max, clock }),
  },
  {
    name: 'BytesBackend (async, core codec)',
    mode: 'async',
    bytes: true,
    create: (clock, max = 1000) => new BytesBackend(clock, max),
  },
  {
    name: 'SharedCache (sync, shared memory)',
    mode: 'sync',
    bytes: true,
    // No injected clock: a release build of the addon ages entries on CLOCK_MONOTONIC only
    // (the `clock` hook is in the test build). The async cache's own clock still decides
    // freshness, so the scenarios move time by hand all the same.
    create: (_clock, max = 1000) =>
      new SharedCache<unknown, unknown>({
        name: `async-${process.pid}-${sharedCount++}`,
        dir: sharedCacheDir(),
        max,
      }),
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
