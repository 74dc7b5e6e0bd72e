import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireWarp } from '../warp.js'

/** A cross-process store as the shared suite uses it: string keys and values. */
export interface SharedStore {
  get(key: unknown): unknown
  set(key: unknown, value: unknown): void
  /** A memoized `fn` over this store (one argument). */
  memoize(fn: (a: any) => unknown): (a: any) => unknown
  close(): void | Promise<void>
  /** Removes the store's files (called by worker 0 after every worker closed). */
  destroy(): void | Promise<void>
}

/** A subject of the shared suite. `name` is unique per job and the same in all its processes. */
export interface SharedSubject {
  warp?: { pkg: string; name: string }
  notes?: string[]
  /** Shares nothing and never evicts: a control, never a peer to beat. */
  unbounded?: boolean
  /** Only in the multi-process get table (a control of the machine's own scaling). */
  getOnly?: boolean
  /** Each process has a store of its own (the control), so every process fills its own. */
  perProcess?: boolean
  open(name: string, max: number): Promise<SharedStore>
}

/** Baseline of the shared suite. */
export const SHARED_BASELINE = 'lmdb'

/** Where a job's lmdb environment lives. */
export function lmdbDir(name: string): string {
  return join(tmpdir(), name)
}

/** Every subject of the shared suite, in table order. */
export const sharedSubjects: Record<string, SharedSubject> = {
  'warp SharedCache': {
    warp: { pkg: '@warp/shared-native', name: 'SharedCache' },
    open: async (name, max) => {
      const SharedCache = await requireWarp('@warp/shared-native', 'SharedCache')
      const { memoize } = await import('@warp/core')
      const cache = new SharedCache({ name, max })
      return {
        get: (k) => cache.get(k),
        set: (k, v) => cache.set(k, v),
        memoize: (fn) => memoize(fn, { backend: cache }),
        close: () => cache.close(),
        destroy: () => SharedCache.destroy(name),
      }
    },
  },
  lmdb: {
    notes: ['opened with noSync (no fsync), the fairest setting next to a memory cache'],
    open: async (name) => {
      const { open } = await import('lmdb')
      const { rmSync } = await import('node:fs')
      const dir = lmdbDir(name)
      mkdirSync(dir, { recursive: true })
      const db = open({ path: dir, noSync: true })
      return {
        get: (k) => db.get(k as string),
        set: (k, v) => {
          db.putSync(k as string, v)
        },
        memoize: (fn) => (a) => {
          let v = db.get(a)
          if (v === undefined) {
            v = fn(a)
            db.putSync(a, v)
          }
          return v
        },
        close: () => db.close(),
        destroy: () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  },
  'control: private Map': {
    unbounded: true,
    getOnly: true,
    perProcess: true,
    notes: [
      'every process reads its own private Map (nothing shared): its scaling is what this machine gives N processes that share nothing',
    ],
    open: async () => {
      const map = new Map<unknown, unknown>()
      return {
        get: (k) => map.get(k),
        set: (k, v) => {
          map.set(k, v)
        },
        memoize: (fn) => (a) => {
          let v = map.get(a)
          if (v === undefined) {
            v = fn(a)
            map.set(a, v)
          }
          return v
        },
        close: () => undefined,
        destroy: () => undefined,
      }
    },
  },
}
