import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Backend, Mode } from '../backend.js'
import type { ManualClock } from '../clock.js'
import type { ContractSuiteOptions, Register } from './contract-suite.js'
import { contractKey as key } from './contract-suite.js'

/**
 * How a TTL test lets time pass. With an injected clock time jumps exactly; with a real
 * clock the test sleeps, and "still alive" is asserted only while the measured time since
 * the write is safely below the TTL, so a stalled machine can skip an assertion but never
 * fail a correct backend.
 */
interface Time {
  /** A TTL, in ms, long enough for the driver: `scale` × a unit. */
  readonly unit: number
  /** A mark to measure from. */
  mark(): number
  /** Lets `ms` pass. */
  pass(ms: number): Promise<void>
  /** True when less than `ms` has surely passed since `mark` (always true with an injected clock). */
  within(mark: number, ms: number): boolean
  /** Waits until `read` gives `undefined`, for at most a generous bound; returns the last read. */
  until(read: () => Promise<unknown>): Promise<unknown>
}

function injectedTime(clock: ManualClock): Time {
  return {
    unit: 1000,
    mark: () => clock.now(),
    pass: async (ms) => clock.advance(ms),
    within: (mark, ms) => clock.now() - mark < ms,
    until: (read) => read(),
  }
}

function realTime(): Time {
  return {
    unit: 400,
    mark: () => performance.now(),
    pass: (ms) => sleep(ms),
    within: (mark, ms) => performance.now() - mark < ms * 0.75,
    async until(read) {
      const deadline = performance.now() + 30_000
      let value = await read()
      while (value !== undefined && performance.now() < deadline) {
        await sleep(50)
        value = await read()
      }
      return value
    },
  }
}

/** The TTL tests: they run with `capabilities.ttl` and are reported as skipped without it. */
export function registerTtlTests<M extends Mode>(
  options: ContractSuiteOptions<M>,
  register: Register<M>,
): void {
  const real = options.clock === 'real'
  const skip = !options.capabilities.ttl && 'the backend does not declare ttl'
  const ttlTest = (
    title: string,
    body: (b: Backend<unknown, unknown, M>, time: Time) => Promise<void>,
  ) =>
    register(
      `ttl (${real ? 'real' : 'injected'} clock): ${title}`,
      (b, ctx) => body(b, real ? realTime() : injectedTime(ctx.clock)),
      skip,
    )

  ttlTest('an entry lives until its ttl and is gone after it', async (b, time) => {
    const k = key('ttl')
    const ttl = time.unit
    const written = time.mark()
    await b.set(k, 'v', { ttl })
    await time.pass(ttl - 1)
    if (time.within(written, ttl)) assert.equal(await b.get(k), 'v', `alive before ${ttl} ms`)
    await time.pass(2)
    assert.equal(await time.until(async () => b.get(k)), undefined, `gone after ${ttl} ms`)
    assert.equal(await b.has(k), false)
    if (!real) assert.ok((await b.stats()).expirations >= 1, 'the expiry is counted')
  })

  ttlTest(
    'ttl 0 and Infinity never expire; entries without ttl outlive short ones',
    async (b, time) => {
      const [zero, infinite, plain, short] = [key('zero'), key('inf'), key('plain'), key('short')]
      await b.set(zero, 1, { ttl: 0 })
      await b.set(infinite, 2, { ttl: Number.POSITIVE_INFINITY })
      await b.set(plain, 3)
      await b.set(short, 4, { ttl: time.unit / 4 })
      await time.pass(real ? time.unit / 2 : 10 * 365 * 24 * 3600 * 1000)
      assert.equal(await time.until(async () => b.get(short)), undefined)
      assert.equal(await b.get(zero), 1)
      assert.equal(await b.get(infinite), 2)
      assert.equal(await b.get(plain), 3)
    },
  )

  ttlTest('overwriting an entry restarts its ttl', async (b, time) => {
    const k = key('restart')
    const ttl = time.unit
    await b.set(k, 'old', { ttl })
    await time.pass(ttl * 0.6)
    const rewritten = time.mark()
    await b.set(k, 'new', { ttl })
    await time.pass(ttl * 0.6)
    // 1.2 ttl after the first write: the first ttl has run out, the second has not.
    if (time.within(rewritten, ttl)) assert.equal(await b.get(k), 'new', 'the second ttl counts')
    await time.pass(ttl * 0.5)
    assert.equal(await time.until(async () => b.get(k)), undefined)
  })

  ttlTest(
    'a negative or NaN ttl is refused with E_INVALID_OPTION and stores nothing',
    async (b) => {
      const k = key('bad-ttl')
      for (const ttl of [-1, Number.NaN]) {
        await assert.rejects(
          async () => b.set(k, 'v', { ttl }),
          (error: unknown) =>
            error instanceof TypeError && (error as { code?: unknown }).code === 'E_INVALID_OPTION',
          `ttl ${ttl}`,
        )
      }
      assert.equal(await b.has(k), false)
    },
  )
}
