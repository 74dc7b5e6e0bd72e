import { describe, expect, it } from 'vitest'
import { Coalescer, type LoadContext } from '../src/index.js'
import { deferred, flush, track } from './helpers.js'

describe('Coalescer', () => {
  it('runs one load for concurrent callers of a key and gives them all its value', async () => {
    const coalescer = new Coalescer<string, number>()
    const gate = deferred<number>()
    let calls = 0
    const load = () => {
      calls++
      return gate.promise
    }
    const waiters = Array.from({ length: 100 }, () => coalescer.run('k', load))
    expect(coalescer.has('k')).toBe(true)
    await flush()
    gate.resolve(7)
    expect(await Promise.all(waiters)).toEqual(Array(100).fill(7))
    expect(calls).toBe(1)
    expect(coalescer.size).toBe(0)
  })

  it('loads different keys independently', async () => {
    const coalescer = new Coalescer<string, string>()
    const seen: string[] = []
    const results = await Promise.all(
      ['a', 'b', 'a', 'c', 'b'].map((key) =>
        coalescer.run(key, async () => {
          seen.push(key)
          return key.toUpperCase()
        }),
      ),
    )
    expect(results).toEqual(['A', 'B', 'A', 'C', 'B'])
    expect(seen.sort()).toEqual(['a', 'b', 'c'])
  })

  it('gives a rejection to every waiter and does not remember it', async () => {
    const coalescer = new Coalescer<string, number>()
    let calls = 0
    const failing = async () => {
      calls++
      throw new Error('boom')
    }
    const waiters = [coalescer.run('k', failing), coalescer.run('k', failing)]
    for (const w of waiters) await expect(w).rejects.toThrow('boom')
    expect(calls).toBe(1)
    expect(await coalescer.run('k', async () => 1)).toBe(1)
  })

  it('turns a synchronous throw of the load into a rejection', async () => {
    const coalescer = new Coalescer<string, number>()
    const p = coalescer.run('k', () => {
      throw new Error('sync')
    })
    await expect(p).rejects.toThrow('sync')
  })

  it('instances never share loads (no module-global map)', async () => {
    const a = new Coalescer<string, string>()
    const b = new Coalescer<string, string>()
    const gate = deferred<string>()
    let calls = 0
    const load = () => {
      calls++
      return gate.promise
    }
    const pa = a.run('k', load)
    const pb = b.run('k', load)
    await flush()
    expect(calls).toBe(2)
    gate.resolve('v')
    expect(await Promise.all([pa, pb])).toEqual(['v', 'v'])
  })

  it('aborting one waiter rejects only it, with the signal reason; the load goes on', async () => {
    const coalescer = new Coalescer<string, number>()
    const gate = deferred<number>()
    let context: LoadContext | undefined
    const load = (ctx: LoadContext) => {
      context = ctx
      return gate.promise
    }
    const first = new AbortController()
    const second = new AbortController()
    const a = track(coalescer.run('k', load, { signal: first.signal }))
    const b = track(coalescer.run('k', load, { signal: second.signal }))
    await flush()
    const reason = new Error('caller 1 left')
    first.abort(reason)
    await flush()
    expect(a.error).toBe(reason)
    expect(b.settled).toBe(false)
    expect(context!.signal.aborted).toBe(false)
    gate.resolve(5)
    await flush()
    expect(b.value).toBe(5)
  })

  it("aborts the load's signal only when every waiter has aborted, then starts afresh", async () => {
    const coalescer = new Coalescer<string, number>()
    const contexts: LoadContext[] = []
    const load = (ctx: LoadContext) => {
      contexts.push(ctx)
      return new Promise<number>(() => {})
    }
    const controllers = [new AbortController(), new AbortController(), new AbortController()]
    const waiters = controllers.map((c) => track(coalescer.run('k', load, { signal: c.signal })))
    await flush()
    controllers[0]!.abort()
    controllers[1]!.abort()
    await flush()
    expect(contexts[0]!.signal.aborted).toBe(false)
    const last = new Error('last one out')
    controllers[2]!.abort(last)
    await flush()
    expect(waiters.every((w) => w.settled && w.error !== undefined)).toBe(true)
    expect(contexts[0]!.signal.aborted).toBe(true)
    expect(contexts[0]!.signal.reason).toBe(last)
    expect(contexts[0]!.current).toBe(false)
    expect(coalescer.has('k')).toBe(false)
    void coalescer.run('k', load).catch(() => {})
    await flush()
    expect(contexts).toHaveLength(2)
  })

  it('a waiter without a signal keeps the load alive even when all others abort', async () => {
    const coalescer = new Coalescer<string, number>()
    const gate = deferred<number>()
    let context: LoadContext | undefined
    const load = (ctx: LoadContext) => {
      context = ctx
      return gate.promise
    }
    const controller = new AbortController()
    const aborting = track(coalescer.run('k', load, { signal: controller.signal }))
    const plain = coalescer.run('k', load)
    await flush()
    controller.abort()
    await flush()
    expect(aborting.settled).toBe(true)
    expect(context!.signal.aborted).toBe(false)
    gate.resolve(3)
    expect(await plain).toBe(3)
  })

  it('rejects at once for an already-aborted signal without starting a load', async () => {
    const coalescer = new Coalescer<string, number>()
    let calls = 0
    const reason = new Error('already')
    await expect(
      coalescer.run('k', async () => ++calls, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason)
    await flush()
    expect(calls).toBe(0)
  })

  it('forget detaches a running load: waiters still get it, the next run starts anew', async () => {
    const coalescer = new Coalescer<string, string>()
    const gate = deferred<string>()
    let context: LoadContext | undefined
    const old = coalescer.run('k', (ctx) => {
      context = ctx
      return gate.promise
    })
    await flush()
    expect(coalescer.forget('k')).toBe(true)
    expect(coalescer.forget('k')).toBe(false)
    expect(context!.current).toBe(false)
    const fresh = coalescer.run('k', async () => 'new')
    gate.resolve('old')
    expect(await old).toBe('old')
    expect(await fresh).toBe('new')
  })
})
