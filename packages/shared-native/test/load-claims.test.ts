import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CODEC_ID } from '../src/codec.js'
import { SharedCache } from '../src/index.js'
import { type Agent, processAgent } from './helpers/agent.js'
import { tempDir, uniqueName } from './helpers/env.js'
import { spawnUntil } from './helpers/spawn-until.js'

let dir: string
let cleanup: () => void
const agents: Agent[] = []
const caches: SharedCache[] = []

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(async () => {
  for (const c of caches.splice(0)) c.close()
  await Promise.all(agents.splice(0).map((a) => a.stop()))
  cleanup()
})

function open(name: string): SharedCache {
  const c = new SharedCache({ max: 100, dir, name })
  caches.push(c)
  return c
}

async function child(name: string): Promise<Agent> {
  const agent = await processAgent()
  agents.push(agent)
  await agent.call('open', { handle: 1, options: { name, max: 100, dir } })
  return agent
}

describe('load claims', () => {
  it('advertises the capability', () => {
    expect(open(uniqueName('cap')).capabilities.loadClaims).toBe(true)
  })

  it('one claimant per key; release frees it and changes the word waiters watch', () => {
    const cache = open(uniqueName('one'))
    const first = cache.claims.claim('k', 60_000)
    expect(first.state).toBe('claimed')
    expect(first.takeover).toBe(false)
    const second = cache.claims.claim('k', 60_000)
    expect(second.state).toBe('busy')
    expect(cache.claims.changed(second)).toBe(false)
    expect(cache.claims.claim('other', 60_000).state).toBe('claimed')
    expect(cache.claims.held()).toBe(2)
    expect(cache.claims.release(first)).toBe(true)
    expect(cache.claims.changed(second)).toBe(true)
    expect(cache.claims.release(first)).toBe(false)
    expect(cache.claims.claim('k', 60_000).state).toBe('claimed')
  })

  it('a live holder in another process makes this one wait', async () => {
    const name = uniqueName('busy')
    const cache = open(name)
    const other = await child(name)
    const held = await other.call<{ state: string }>('claim', {
      handle: 1,
      key: 'k',
      leaseMs: 60_000,
    })
    expect(held.state).toBe('claimed')
    const mine = cache.claims.claim('k', 60_000)
    expect(mine.state).toBe('busy')
    await other.call('releaseClaim', { handle: 1, claim: held })
    expect(cache.claims.changed(mine)).toBe(true)
    expect(cache.claims.claim('k', 60_000).state).toBe('claimed')
  })

  it('a SIGKILLed holder is taken over at once by exactly one claimant', async () => {
    const name = uniqueName('dead')
    const cache = open(name)
    const other = await child(name)
    await other.call('claim', { handle: 1, key: 'k', leaseMs: 600_000 })
    const waiting = cache.claims.claim('k', 60_000)
    expect(waiting.state).toBe('busy')
    await other.stop()
    const taken = cache.claims.claim('k', 60_000)
    expect(taken).toMatchObject({ state: 'claimed', takeover: true })
    expect(cache.claims.changed(waiting)).toBe(true)
    // The takeover holds: a second claimant waits for it.
    expect(cache.claims.claim('k', 60_000).state).toBe('busy')
  })

  it('a holder past its lease is taken over', async () => {
    const name = uniqueName('lease')
    const cache = open(name)
    const other = await child(name)
    const lost = await other.call('claim', { handle: 1, key: 'k', leaseMs: 1 })
    // The holder lives on (hung); only its lease ran out. Poll, no fixed sleep.
    let answer = cache.claims.claim('k', 60_000)
    for (let i = 0; i < 1000 && answer.state === 'busy'; i++) {
      await new Promise((r) => setTimeout(r, 2))
      answer = cache.claims.claim('k', 60_000)
    }
    expect(answer).toMatchObject({ state: 'claimed', takeover: true })
    // The late holder can no longer release what it lost.
    expect(await other.call('releaseClaim', { handle: 1, claim: lost })).toBe(false)
    expect(cache.claims.claim('k', 60_000).state).toBe('busy')
  })

  it('no claim outlives its process: after every holder exits, a new process claims at once', async () => {
    const name = uniqueName('exit')
    const a = await child(name)
    const b = await child(name)
    for (let i = 0; i < 10; i++) {
      await a.call('claim', { handle: 1, key: `a${i}`, leaseMs: 600_000 })
      await b.call('claim', { handle: 1, key: `b${i}`, leaseMs: 600_000 })
    }
    await a.stop()
    await b.stop()
    const fresh = open(name)
    for (let i = 0; i < 10; i++) {
      expect(fresh.claims.claim(`a${i}`, 60_000).state).toBe('claimed')
      expect(fresh.claims.claim(`b${i}`, 60_000).state).toBe('claimed')
    }
    expect(fresh.claims.held()).toBe(20)
  })

  it('leaseLeft: the lease counts down; 0 once released, or once the holder exits', async () => {
    const name = uniqueName('left')
    const cache = open(name)
    const other = await child(name)
    const held = await other.call<{ state: string }>('claim', {
      handle: 1,
      key: 'k',
      leaseMs: 600_000,
    })
    const seen = cache.claims.claim('k', 60_000)
    expect(seen.state).toBe('busy')
    const left = cache.claims.leaseLeft(seen)
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThanOrEqual(600_000)
    expect(cache.claims.leaseLeft(cache.claims.claim('other', 60_000))).toBeGreaterThan(0)
    await other.call('releaseClaim', { handle: 1, claim: held })
    expect(cache.claims.leaseLeft(seen)).toBe(0)

    const again = await child(name)
    await again.call('claim', { handle: 1, key: 'k', leaseMs: 600_000 })
    const waiting = cache.claims.claim('k', 60_000)
    expect(cache.claims.leaseLeft(waiting)).toBeGreaterThan(0)
    await again.stop()
    // Dead and reaped: a waiter learns it without waiting for the 10-minute lease.
    expect(cache.claims.leaseLeft(waiting)).toBe(0)
    expect(cache.claims.claim('k', 60_000)).toMatchObject({ state: 'claimed', takeover: true })
    expect(cache.claims.leaseLeft({ state: 'full', takeover: false, token: -1 })).toBe(0)
  })

  it('read: answers as get; while a live process is mid-write it waits instead of missing', async () => {
    const name = uniqueName('read')
    const cache = open(name)
    cache.set('stable', { v: 1 })
    expect(cache.claims.read('stable')).toEqual({ v: 1 })
    expect(cache.claims.read('absent')).toBeUndefined()
    const reader = await child(name)
    const holder = await spawnUntil(
      'hold-lock.mjs',
      { dir, name, max: 100, codecId: CODEC_ID, midWrite: true },
      'holding',
    )
    // The holder prints 'holding' just before it takes the lock: once it holds it
    // mid-write, get gives up on the busy table (a miss, never a wait)...
    for (let i = 0; i < 6000 && cache.get('stable') !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(cache.get('stable')).toBeUndefined()
    // ...read does not answer while the holder lives (it waits for the lock).
    let answered = false
    const reading = reader.call('claimsRead', { handle: 1, key: 'stable' }).then((v) => {
      answered = true
      return v
    })
    await new Promise((r) => setTimeout(r, 200))
    expect(answered).toBe(false)
    await holder.kill()
    // The dead writer's half-write is repaired (the table cleared), then read answers.
    expect(await reading).toBeUndefined()
    cache.set('stable', { v: 2 })
    expect(await reader.call('claimsRead', { handle: 1, key: 'stable' })).toEqual({ v: 2 })
  })

  it('object keys claim through the codec; closed caches refuse with E_CLOSED', () => {
    const cache = new SharedCache({ max: 10, dir, name: uniqueName('obj') })
    expect(cache.claims.claim({ id: 1 }, 1000).state).toBe('claimed')
    expect(cache.claims.claim({ id: 1 }, 1000).state).toBe('busy')
    expect(() => cache.claims.claim('k', 0)).toThrow(/leaseMs/)
    cache.close()
    expect(() => cache.claims.claim('k', 1000)).toThrow(
      expect.objectContaining({ code: 'E_CLOSED' }),
    )
  })
})
