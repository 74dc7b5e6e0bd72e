import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { type Agent, processAgent } from './helpers/agent.js'
import { tempDir, uniqueName } from './helpers/env.js'

let dir: string
let cleanup: () => void
let agents: Agent[] = []

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir())
  agents = await Promise.all(Array.from({ length: 16 }, () => processAgent()))
})
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()))
  cleanup()
})

it('16 processes open a fresh name at the same instant, 20 rounds: one region, no lost entries', async () => {
  for (let round = 0; round < 20; round++) {
    const name = uniqueName(`race${round}`)
    const options = { name, max: 64, dir }
    // A barrier: every agent spins until the same wall-clock instant, then opens.
    const at = Date.now() + 200
    const opened = await Promise.all(
      agents.map((a) => a.call<{ created: boolean }>('open', { handle: round, options, at })),
    )
    expect(opened.filter((o) => o.created).length, `round ${round}: creators`).toBe(1)
    await Promise.all(
      agents.map((a, i) => a.call('set', { handle: round, key: `agent-${i}`, value: i })),
    )
    const cache = new SharedCache(options)
    expect(cache.created).toBe(false)
    expect(cache.size).toBe(16)
    for (let i = 0; i < 16; i++) expect(cache.get(`agent-${i}`)).toBe(i)
    cache.close()
    await Promise.all(agents.map((a) => a.call('close', { handle: round })))
    // Exactly one file; every losing creator removed its temporary file.
    expect(readdirSync(dir).filter((f) => f.includes(name))).toEqual([`${name}.warp`])
  }
})
