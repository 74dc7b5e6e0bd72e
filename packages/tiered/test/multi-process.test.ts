import { mkdtempSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Instance } from './fixtures/instances.js'
import { quantile, redisServer, uniquePrefix } from './servers.js'

const server = redisServer()

interface Received {
  index: number
  latency: number
}

describe.skipIf(server.skip)(
  `three processes over one Redis${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    const prefix = uniquePrefix('multi')
    let instances: Instance[] = []

    beforeAll(async () => {
      instances = await Promise.all([Instance.start(), Instance.start(), Instance.start()])
      for (const i of instances) {
        await i.call('open', { url: server.url, prefix, l1: { kind: 'memory' } })
        await i.call('waitBus')
      }
    })
    afterAll(async () => {
      await Promise.all(instances.map((i) => i.stop()))
    })

    it('after a set in one process, no other returns the old value once it received the invalidation', async () => {
      const [writer, ...readers] = instances as [Instance, Instance, Instance]
      const latencies: number[] = []
      for (let round = 0; round < 40; round++) {
        const key = `k${round % 4}`
        const old = `old-${round}`
        const fresh = `new-${round}`
        const before = await Promise.all(readers.map((r) => r.call<number>('receivedCount')))
        await writer.call('set', { key, value: old })
        for (const [n, r] of readers.entries()) {
          // Once the invalidation of the previous value arrived, `old` is read and kept in L1.
          await r.call('waitInvalidation', { key, from: before[n] })
          expect(await r.call('get', { key })).toBe(old)
          expect(await r.call('l1Has', { key })).toBe(true)
        }
        const marks = await Promise.all(readers.map((r) => r.call<number>('receivedCount')))
        await writer.call('set', { key, value: fresh })
        for (const [n, r] of readers.entries()) {
          const got = await r.call<Received>('waitInvalidation', { key, from: marks[n] })
          latencies.push(got.latency)
          expect(await r.call('get', { key })).toBe(fresh)
        }
      }
      console.log(
        `invalidation latency over ${latencies.length} deliveries (ms): p50 ${quantile(latencies, 0.5).toFixed(3)}, ` +
          `p99 ${quantile(latencies, 0.99).toFixed(3)}, max ${Math.max(...latencies).toFixed(3)}`,
      )
    })

    it('a delete in one process removes the key from the others', async () => {
      const [writer, a, b] = instances as [Instance, Instance, Instance]
      const before = await Promise.all([a, b].map((r) => r.call<number>('receivedCount')))
      await writer.call('set', { key: 'gone', value: 1 })
      for (const [n, r] of [a, b].entries()) {
        // The set's own invalidation must have arrived first: arriving after the read it
        // would (rightly) drop the copy this read put in L1.
        await r.call('waitInvalidation', { key: 'gone', from: before[n] })
        expect(await r.call('get', { key: 'gone' })).toBe(1)
        expect(await r.call('l1Has', { key: 'gone' })).toBe(true)
      }
      const marks = await Promise.all([a, b].map((r) => r.call<number>('receivedCount')))
      expect(await writer.call('delete', { key: 'gone' })).toBe(true)
      for (const [n, r] of [a, b].entries()) {
        await r.call('waitInvalidation', { key: 'gone', from: marks[n] })
        expect(await r.call('l1Has', { key: 'gone' })).toBe(false)
        expect(await r.call('get', { key: 'gone' })).toBe(undefined)
      }
    })

    it('clear in one process empties every process L1', async () => {
      for (const [n, i] of instances.entries()) {
        await i.call('set', { key: `own${n}`, value: n })
        for (const other of instances) await other.call('get', { key: `own${n}` })
      }
      const marks = await Promise.all(instances.map((i) => i.call<number>('receivedCount')))
      for (const i of instances) expect(await i.call<number>('l1Size')).toBeGreaterThan(0)
      await instances[0]?.call('clear')
      expect(await instances[0]?.call<number>('l1Size')).toBe(0)
      for (const [n, i] of instances.entries()) {
        if (n === 0) continue
        await i.call('waitInvalidation', { key: null, from: marks[n] })
        expect(await i.call<number>('l1Size')).toBe(0)
        expect(await i.call('get', { key: 'own1' })).toBe(undefined)
      }
    })
  },
)

describe.skipIf(server.skip)(
  `SharedCache as L1 across processes${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    const prefix = uniquePrefix('sharedl1')
    const dir = mkdtempSync('/dev/shm/warp-tiered-')
    let instances: Instance[] = []

    beforeAll(async () => {
      instances = await Promise.all([Instance.start(), Instance.start(), Instance.start()])
      const [a, b, c] = instances as [Instance, Instance, Instance]
      const shared = { kind: 'shared', name: 'l1', dir }
      await a.call('open', { url: server.url, prefix, l1: shared })
      await b.call('open', { url: server.url, prefix, l1: shared })
      await c.call('open', { url: server.url, prefix, l1: { kind: 'memory' } })
      for (const i of instances) await i.call('waitBus')
    })
    afterAll(async () => {
      await Promise.all(instances.map((i) => i.stop()))
      rmSync(dir, { recursive: true, force: true })
    })

    it('a value one process puts in the shared L1 is an L1 hit in another; an invalidation from a third reaches both', async () => {
      const [a, b, c] = instances as [Instance, Instance, Instance]
      let marks = await Promise.all([a, b].map((i) => i.call<number>('receivedCount')))
      await c.call('set', { key: 'k', value: 'from c' })
      for (const [n, i] of [a, b].entries()) {
        await i.call('waitInvalidation', { key: 'k', from: marks[n] })
      }
      expect(await a.call('get', { key: 'k' })).toBe('from c') // from L2, into the shared L1
      const before = await b.call<{ l1Hits: number; l2Hits: number }>('stats')
      expect(await b.call('get', { key: 'k' })).toBe('from c')
      const after = await b.call<{ l1Hits: number; l2Hits: number }>('stats')
      expect(after.l1Hits - before.l1Hits).toBe(1)
      expect(after.l2Hits - before.l2Hits).toBe(0)

      marks = await Promise.all([a, b].map((i) => i.call<number>('receivedCount')))
      await c.call('set', { key: 'k', value: 'again from c' })
      for (const [n, i] of [a, b].entries()) {
        await i.call('waitInvalidation', { key: 'k', from: marks[n] })
        expect(await i.call('get', { key: 'k' })).toBe('again from c')
      }
    })
  },
)
