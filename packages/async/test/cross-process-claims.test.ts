import { SharedCache } from '@warp/shared-native'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type ClaimAgent,
  claimAgent,
  loadsLogged,
  until,
  workspace,
} from './helpers/claim-agent.js'

// Real processes over one SharedCache; every loader call is logged to a file
// outside them. Waits are printed, never asserted (CI is a loaded 2-core box).

let dir: string
let file: string
let cleanup: () => void
let name: string
const agents: ClaimAgent[] = []

beforeEach(() => {
  ;({ dir, file, cleanup } = workspace())
  name = `claims-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
})
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.kill()))
  cleanup()
})

async function agent(options: Record<string, unknown> = {}): Promise<ClaimAgent> {
  const a = await claimAgent()
  agents.push(a)
  await a.call('open', { dir, name, file, ...options })
  return a
}

const startedBy = (key: string, pid: number) => () =>
  loadsLogged(file).some((l) => l.key === key && l.pid === pid)

interface Probe {
  polls: number
  longestSleep: number
}

interface One {
  value?: string
  error?: string
  code?: string
  ms: number
}

describe('memoizeAsync over SharedCache: one load per key per machine', () => {
  it('8 processes × 1,000 cold keys: each key loaded exactly once, right values, no claim left', async () => {
    const processes = await Promise.all(Array.from({ length: 8 }, () => agent({ delay: 1 })))
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`)
    const results = await Promise.all(
      processes.map((p) =>
        p.call<{ wrong: unknown[]; errors: unknown[] }>('run', { keys, concurrency: 64 }),
      ),
    )
    for (const r of results) {
      expect(r.wrong).toEqual([])
      expect(r.errors).toEqual([])
    }
    const perKey = new Map<string, number>()
    for (const { key } of loadsLogged(file)) perKey.set(key, (perKey.get(key) ?? 0) + 1)
    expect(perKey.size).toBe(1000)
    expect([...perKey.values()].filter((n) => n !== 1)).toEqual([])
    const stats = await Promise.all(
      processes.map((p) => p.call<{ loads: number; remoteLoads: number }>('stats')),
    )
    console.log(
      'loads per process',
      stats.map((s) => s.loads).join(' '),
      'remote',
      stats.map((s) => s.remoteLoads).join(' '),
    )
    expect(stats.reduce((n, s) => n + s.loads, 0)).toBe(1000)
    expect(await processes[0]!.call('held')).toBe(0)
  }, 180_000)

  it('the loading process SIGKILLed mid-load (20 rounds): another process completes the load, right value, at its next poll', async () => {
    const waiter = await agent()
    const waits: number[] = []
    const pollsAfterDeath: number[] = []
    for (let round = 0; round < 20; round++) {
      const key = `dead-${round}`
      const loader = await agent({ mode: 'hang' })
      void loader.call('one', { key }).catch(() => {})
      expect(await until(startedBy(key, loader.pid))).toBe(true)
      const before = await waiter.call<Probe>('probe')
      const waiting = waiter.call<One>('one', { key })
      // The waiter is waiting (it polled the claim at least once) when the holder dies.
      let polls = before.polls
      while (polls === before.polls) polls = (await waiter.call<Probe>('probe')).polls
      await loader.kill()
      // The holder is dead and reaped: the waiter's very next poll must see it (and stop
      // polling), whatever the machine's speed. The lease (5 min) plays no part.
      const atDeath = await waiter.call<Probe>('probe')
      const got = await waiting
      pollsAfterDeath.push((await waiter.call<Probe>('probe')).polls - atDeath.polls)
      expect(got.value).toBe(`v:${key}`)
      waits.push(got.ms)
      const loads = loadsLogged(file).filter((l) => l.key === key)
      expect(loads.map((l) => l.pid)).toEqual([loader.pid, waiter.pid])
    }
    const stats = await waiter.call<{ takeovers: number }>('stats')
    const probe = await waiter.call<Probe>('probe')
    console.log(
      `takeover waits (ms): ${waits.map((ms) => ms.toFixed(0)).join(' ')}; polls after death ${pollsAfterDeath.join(' ')}; longest sleep ${probe.longestSleep} ms; takeovers ${stats.takeovers}`,
    )
    expect(stats.takeovers).toBe(20)
    expect(pollsAfterDeath.filter((n) => n > 1)).toEqual([])
    expect(probe.longestSleep).toBeLessThanOrEqual(25)
  }, 240_000)

  it('a hung loader (alive) loses its claim when its lease (loadLimit) ends', async () => {
    const hung = await agent({ mode: 'hang', loadLimit: 300 })
    const waiter = await agent()
    void hung.call('one', { key: 'h' })
    expect(await until(startedBy('h', hung.pid))).toBe(true)
    const got = await waiter.call<One>('one', { key: 'h' })
    console.log(`waited ${got.ms.toFixed(0)} ms for a 300 ms lease to end`)
    expect(got.value).toBe('v:h')
    expect(loadsLogged(file).map((l) => l.pid)).toEqual([hung.pid, waiter.pid])
    expect((await waiter.call<{ takeovers: number }>('stats')).takeovers).toBe(1)
  })

  it('a waiter in another process aborts; the load goes on for the others', async () => {
    const slow = await agent({ delay: 1_000 })
    const quitter = await agent()
    const patient = await agent()
    const loading = slow.call<One>('one', { key: 'a' })
    expect(await until(startedBy('a', slow.pid))).toBe(true)
    const quit = quitter.call<One>('one', { key: 'a', abortAfterMs: 50 })
    const stay = patient.call<One>('one', { key: 'a' })
    expect((await quit).error).toBe('aborted')
    expect((await loading).value).toBe('v:a')
    expect((await stay).value).toBe('v:a')
    expect(loadsLogged(file)).toHaveLength(1)
  })

  it('a loader error: the loading process gets it; a waiter elsewhere then loads itself (documented)', async () => {
    const failing = await agent({ mode: 'fail', delay: 200 })
    const waiter = await agent()
    const failed = failing.call<One>('one', { key: 'e' })
    expect(await until(startedBy('e', failing.pid))).toBe(true)
    const waited = waiter.call<One>('one', { key: 'e' })
    expect((await failed).error).toBe(`boom e from ${failing.pid}`)
    expect((await waited).value).toBe('v:e')
    expect(loadsLogged(file).map((l) => l.pid)).toEqual([failing.pid, waiter.pid])
  })

  it('no claim outlives its processes: after all holders are killed, a new process claims every key at once', async () => {
    const holders = await Promise.all([agent({ mode: 'hang' }), agent({ mode: 'hang' })])
    const keys = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5']
    keys.forEach((key, i) => void holders[i % 2]!.call('one', { key }).catch(() => {}))
    expect(await until(() => loadsLogged(file).length === keys.length)).toBe(true)
    await Promise.all(holders.map((h) => h.kill()))
    const cache = new SharedCache({ dir, name, max: 4096 })
    try {
      for (const key of keys) expect(cache.claims.claim(key, 1_000).state).toBe('claimed')
    } finally {
      cache.close()
    }
  })
})
