import type { MemoFn } from '../smoke.js'
import { requireWarp } from '../warp.js'

/** The callable of a CommonJS module whose typings do not model ESM interop. */
function interop(mod: unknown): (...args: any[]) => any {
  const m = mod as { default?: unknown }
  return (m.default ?? m) as (...args: any[]) => any
}

/** Makes a memoized `fn` bounded to `max` entries (when the subject can be bounded). */
export type MemoMaker = (fn: (...args: any[]) => unknown, max: number, arity: 1 | 2) => MemoFn

/** A memoizer subject of the memoize suite. */
export interface MemoSubject {
  objectKeyed?: boolean
  unbounded?: boolean
  warp?: { pkg: string; name: string }
  notes?: string[]
  load(): Promise<MemoMaker>
}

/** Baseline of the memoize suite. */
export const MEMOIZE_BASELINE = 'lru-cache memo'

/** Every subject of the memoize suite, in table order. */
export const memoizeSubjects: Record<string, MemoSubject> = {
  'warp memoize': {
    warp: { pkg: '@warp/memory', name: 'memoize' },
    load: async () => {
      const memoize = await requireWarp('@warp/memory', 'memoize')
      return (fn, max) => memoize(fn, { max })
    },
  },
  'lru-cache memo': {
    notes: ['2 arguments: key JSON.stringify([a, b]), arguments passed as memo context'],
    load: async () => {
      const { LRUCache } = await import('lru-cache')
      return (fn, max, arity) => {
        if (arity === 1) {
          const c = new LRUCache<any, any>({ max, memoMethod: (k) => fn(k) })
          return (a) => c.memo(a)
        }
        const c = new LRUCache<string, any, unknown[]>({
          max,
          memoMethod: (_k, _stale, { context }) => fn(context[0], context[1]),
        })
        return (a, b) => c.memo(JSON.stringify([a, b]), { context: [a, b] })
      }
    },
  },
  memoizee: {
    load: async () => {
      const memoizee = interop(await import('memoizee'))
      return (fn, max) => memoizee(fn, { max }) as MemoFn
    },
  },
  moize: {
    load: async () => {
      const moize = interop(await import('moize'))
      return (fn, max) => moize(fn, { maxSize: max }) as MemoFn
    },
  },
  'micro-memoize': {
    load: async () => {
      const { memoize } = await import('micro-memoize')
      return (fn, max) => memoize(fn, { maxSize: max }) as MemoFn
    },
  },
  'fast-memoize': {
    unbounded: true,
    objectKeyed: true,
    notes: ['unbounded (no size limit)', "object-keyed: f(1) and f('1') share one result"],
    load: async () => {
      const memoize = interop(await import('fast-memoize'))
      return (fn) => memoize(fn) as MemoFn
    },
  },
}
