import { randomUUID } from 'node:crypto'
import type { Backend, Capabilities, Mode } from '../backend.js'
import { ManualClock } from '../clock.js'
import { CacheError } from '../errors.js'
import { registerBasicTests } from './contract-basics.js'
import { registerTtlTests } from './contract-ttl.js'

/**
 * A test registrar: vitest's `it`/`test`, `node:test`'s `test`, jest's `test`, … Its
 * `skip` (which all three have) reports a test that does not apply as skipped.
 */
export interface TestFunction {
  (name: string, fn: () => unknown): unknown
  /** Registers a skipped test (as `it.skip`); without it, a test that does not apply runs as an empty test, its name saying why. */
  skip?: (name: string, fn: () => unknown) => unknown
}

/** What the suite hands {@link ContractSuiteOptions.createBackend} for each test. */
export interface ContractContext {
  /** The entry capacity the backend must have (`max`). */
  capacity: number
  /** A clock the test moves by hand; with `clock: 'injected'` the backend must read time from it. */
  clock: ManualClock
  /**
   * A random name for this test's backend: a cache name, or a key prefix / namespace on a
   * shared server, so runs never see each other's entries. Two backends made with the
   * same `name` must share their entries when the backend is `crossProcess`.
   */
  name: string
}

/** What a backend declares to the suite; the suite checks the backend declares the same. */
export interface ContractCapabilities extends Capabilities {
  /** The backend's `mode`. */
  mode: Mode
}

/** Options of {@link backendContractSuite}. */
export interface ContractSuiteOptions<M extends Mode> {
  /** The runner's test function. */
  test: TestFunction
  /** Makes a fresh, empty backend for one test. May be async. */
  createBackend: (
    context: ContractContext,
  ) => Backend<unknown, unknown, M> | Promise<Backend<unknown, unknown, M>>
  /**
   * The mode and capabilities the backend has. They decide which tests apply; a test that
   * does not is reported as skipped with the reason in its name. The first test checks that
   * the backend declares exactly these.
   */
  capabilities: ContractCapabilities & {
    /** The backend's `mode`: `'sync'` or `'async'`. */
    mode: M
  }
  /**
   * How TTL tests move time (only with `capabilities.ttl`): `'injected'` (default) — the
   * backend reads `context.clock` and the tests move it by hand, exactly; `'real'` — the
   * backend keeps its own clock (a server's), and the tests use short TTLs and wait, asserting
   * only what holds however slow the machine is.
   */
  clock?: 'injected' | 'real'
  /** The backend offers `lookup()` (default `true`); `false` reports its test as skipped. */
  lookup?: boolean
  /** Prefix for test names (default `'backend contract'`). */
  name?: string
}

/** A test body: the fresh backend, its context, and a maker of more backends with the same context. */
export type ContractBody<M extends Mode> = (
  backend: Backend<unknown, unknown, M>,
  context: ContractContext & { another: () => Promise<Backend<unknown, unknown, M>> },
) => Promise<void>

/** Registers one suite test, or reports it skipped when `skipReason` is set. */
export type Register<M extends Mode> = (
  title: string,
  body: ContractBody<M>,
  skipReason?: string | false,
) => void

/** The capacity every test's backend is made with. */
export const CONTRACT_CAPACITY = 64

/**
 * The behaviour every warp backend must show, written once and run by every backend
 * package (see `packages/<name>/test/contract.test.ts`), sync or async. It registers its
 * tests through `options.test`, so it works with any test runner; assertions use
 * `node:assert`. Keys are random per run and each backend gets a random `name`, so runs
 * against a shared server never collide.
 *
 * Covered: declared mode and capabilities; get/set/has/delete/clear/size; overwrite;
 * values of every kind (including `undefined` and `null`); key types kept apart; exact
 * stats counts; `lookup`; `close()`; a randomised comparison with a `Map` (its seed is in
 * the failure message); and, where the capabilities say so, the capacity bound with exact
 * eviction counts, TTL (injected or real clock), and sharing between two instances.
 *
 * @example
 * ```ts
 * backendContractSuite({
 *   test: it,
 *   capabilities: { mode: 'sync', ttl: true, crossProcess: false, bytesOnly: false, exactEviction: true },
 *   createBackend: ({ capacity, clock }) => new SieveCache({ max: capacity, perf: clock }),
 * })
 * ```
 */
export function backendContractSuite<M extends Mode>(options: ContractSuiteOptions<M>): void {
  const prefix = options.name ?? 'backend contract'
  const register: Register<M> = (title, body, skipReason) => {
    if (skipReason) {
      const name = `${prefix}: ${title} — skipped: ${skipReason}`
      const noop = () => {}
      if (options.test.skip) options.test.skip(name, noop)
      else options.test(name, noop)
      return
    }
    options.test(`${prefix}: ${title}`, async () => {
      const made: Backend<unknown, unknown, M>[] = []
      const context: ContractContext = {
        capacity: CONTRACT_CAPACITY,
        clock: new ManualClock(),
        name: `contract-${randomUUID().slice(0, 13)}`,
      }
      const another = async () => {
        const backend = await options.createBackend(context)
        made.push(backend)
        return backend
      }
      const backend = await another()
      try {
        await body(backend, { ...context, another })
      } finally {
        for (const b of made) await closeQuietly(b)
      }
    })
  }
  registerBasicTests(options, register)
  registerTtlTests(options, register)
}

/** Closes a backend after a test; one the test closed itself may refuse a second close. */
async function closeQuietly(backend: Backend<unknown, unknown, Mode>): Promise<void> {
  try {
    await backend.close()
  } catch (error) {
    if (!(error instanceof CacheError && error.code === 'E_CLOSED')) throw error
  }
}

/** A random key with a readable label, unique to this run. */
export function contractKey(label: string): string {
  return `${label}:${randomUUID()}`
}
