import { seededRandom } from '@warp/core/testing'
import { expect, it } from 'vitest'
import { Coalescer, type LoadContext } from '../src/index.js'
import { deferred, flush, track } from './helpers.js'

const SEED = Number(process.env.WARP_SEED ?? Date.now() % 2 ** 31)

it(`random waiters and aborts keep the abort invariants (seed ${SEED}; WARP_SEED=${SEED} replays)`, async () => {
  console.log(`coalescer-random seed: ${SEED}`)
  const random = seededRandom(SEED)
  for (let round = 0; round < 200; round++) {
    const coalescer = new Coalescer<string, number>()
    const gate = deferred<number>()
    const contexts: LoadContext[] = []
    const load = (ctx: LoadContext) => {
      contexts.push(ctx)
      return gate.promise
    }
    const n = 1 + Math.floor(random() * 8)
    const waiters = Array.from({ length: n }, () => {
      const withSignal = random() < 0.8
      const controller = withSignal ? new AbortController() : undefined
      const willAbort = withSignal && random() < 0.6
      const state = track(coalescer.run('k', load, controller && { signal: controller.signal }))
      return { controller, willAbort, state }
    })
    await flush()
    for (const w of waiters) if (w.willAbort) w.controller!.abort(new Error(`abort ${round}`))
    await flush()
    const allLeft = waiters.every((w) => w.willAbort)
    expect(contexts).toHaveLength(1)
    expect(contexts[0]!.signal.aborted).toBe(allLeft)
    expect(coalescer.has('k')).toBe(!allLeft)
    gate.resolve(round)
    await flush()
    for (const w of waiters) {
      expect(w.state.settled).toBe(true)
      if (w.willAbort) expect((w.state.error as Error).message).toBe(`abort ${round}`)
      else expect(w.state.value).toBe(round)
    }
    expect(coalescer.size).toBe(0)
  }
})
