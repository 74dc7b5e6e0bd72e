import { randomBytes, randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { encodeKey, encodeValue } from '@warp/core/codec'
import { Cluster, Redis } from 'iovalkey'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisCache, type RedisCacheOptions } from '../src/index.js'
import { clusterNodes, redisServers } from './servers.js'

const servers = redisServers()

const targets: [string, () => Partial<RedisCacheOptions>, () => Redis | Cluster][] = [
  ['single server', () => ({ url: servers.url }), () => new Redis(servers.url as string)],
  [
    '3-master Cluster',
    () => ({ cluster: { nodes: clusterNodes(servers.cluster ?? []) } }),
    () => new Cluster(clusterNodes(servers.cluster ?? [])),
  ],
]

describe.each(targets)(`%s (${servers.skip ?? 'real servers'})`, (_, where, rawClient) => {
  if (servers.skip) {
    it.skip(`skipped: ${servers.skip}`, () => {})
    return
  }
  const opened: { close(): unknown }[] = []
  const cache = (
    prefix = `ns-${randomUUID().slice(0, 8)}`,
    extra: Partial<RedisCacheOptions> = {},
  ) => {
    const c = new RedisCache<unknown, unknown>({ ...where(), prefix, ...extra })
    opened.push(c)
    return c
  }
  const raw = () => {
    const r = rawClient()
    opened.push({ close: () => r.quit() })
    return r
  }
  afterAll(async () => {
    for (const c of opened) await c.close()
  })

  it('clear removes its namespace only: other prefixes and keys not written by warp stay', async () => {
    const a = cache()
    const b = cache()
    const nested = cache(`${a.prefix}.inner`)
    const r = raw()
    const foreign = [`${a.prefix}:x`, `warp:${a.prefix}`, `plain-${randomUUID()}`, `{${a.prefix}}y`]
    for (const k of foreign) await r.set(k, 'theirs')
    await a.setMany(Array.from({ length: 250 }, (_, i) => [`k${i}`, i] as const))
    await b.set('k1', 'b')
    await nested.set('k1', 'nested')
    expect(await a.size).toBe(250)
    await a.clear()
    expect(await a.size).toBe(0)
    expect(await a.get('k1')).toBeUndefined()
    expect(await b.get('k1')).toBe('b')
    expect(await nested.get('k1')).toBe('nested')
    for (const k of foreign) expect(await r.get(k), k).toBe('theirs')
    for (const k of foreign) await r.del(k)
  })

  it('clear and size right after construction (before the client has connected) see every key', async () => {
    const writer = cache()
    await writer.setMany(Array.from({ length: 20 }, (_, i) => [i, i] as const))
    const fresh = cache(writer.prefix)
    expect(await fresh.size).toBe(20)
    const fresher = cache(writer.prefix)
    await fresher.clear()
    expect(await writer.size).toBe(0)
  })

  it('two prefixes never see each other', async () => {
    const [a, b] = [cache(), cache()]
    await a.set('same', 'a')
    await b.set('same', 'b')
    expect([await a.get('same'), await b.get('same')]).toEqual(['a', 'b'])
    await b.delete('same')
    expect(await a.get('same')).toBe('a')
    expect([await a.size, await b.size]).toEqual([1, 0])
  })

  it('keys and values are binary-safe: bytes, NUL, braces, lone surrogates, 4 MiB', async () => {
    const c = cache()
    const bytes = new Uint8Array(randomBytes(4096))
    const cases: [unknown, unknown][] = [
      [bytes, 'by bytes'],
      ['\u0000nul\u0000', bytes],
      ['{tag}', 'braces in a key'],
      ['\ud800', 'lone high'],
      ['\udc00', 'lone low'],
      ['\ud800\udc00', 'a pair'],
      ['\ufffd', 'replacement char'],
      [{ nested: ['a', 1n, null] }, new Map([[1, new Set(['x'])]])],
      ['large', randomBytes(4 * 1024 * 1024).toString('base64')],
    ]
    for (const [k, v] of cases) await c.set(k, v)
    for (const [k, v] of cases) expect(await c.get(k), String(k)).toEqual(v)
    expect(await c.size).toBe(cases.length)
  })

  it('stored keys and values are warp:<prefix>: and the codec bytes, whichever form was sent', async () => {
    const prefix = `ns-${randomUUID().slice(0, 8)}`
    const c = cache(prefix)
    const r = raw()
    // Well-formed strings go to the client as text, everything else as bytes: same bytes stored.
    const cases: [unknown, unknown][] = [
      ['plain', 'text value'],
      ['ünï 😀 {x}', 'ünï 😀'],
      ['\ud800', '\udc00 lone'],
      [42, 7],
      [{ a: [1, 'b'] }, null],
      ['', ''],
    ]
    for (const [k, v] of cases) await c.set(k, v)
    for (const [k, v] of cases) {
      const key = Buffer.concat([Buffer.from(`warp:${prefix}:`), encodeKey(k)])
      const stored = await r.getBuffer(key)
      expect(stored?.toString('hex'), String(k)).toBe(Buffer.from(encodeValue(v)).toString('hex'))
    }
  })

  it('keys and values the codec refuses reject with E_ENCODE (never a sync throw) and store nothing', async () => {
    const c = cache()
    await c.set('kept', 1)
    const refused = [() => 1, Symbol('s'), { f: () => 1 }]
    for (const bad of refused) {
      await expect(c.get(bad)).rejects.toMatchObject({ code: 'E_ENCODE' })
      await expect(c.set(bad, 1)).rejects.toMatchObject({ code: 'E_ENCODE' })
      await expect(c.set('k', bad)).rejects.toMatchObject({ code: 'E_ENCODE' })
      await expect(c.getMany(['kept', bad])).rejects.toMatchObject({ code: 'E_ENCODE' })
      await expect(
        c.setMany([
          ['a', 1],
          ['b', bad],
        ]),
      ).rejects.toMatchObject({ code: 'E_ENCODE' })
    }
    expect(await c.getMany(['kept', 'k', 'a', 'b'])).toEqual([1, undefined, undefined, undefined])
    expect(await c.size).toBe(1)
  })

  it('1,000 calls in one tick each get their own answer, sent in a few socket writes', async () => {
    const c = cache()
    // Every connection open (a Cluster client connects to a node on its first command there).
    await c.setMany(Array.from({ length: 100 }, (_, i) => [`warm-up${i}`, i] as const))
    const sockets: { _write: Function; _writev?: Function }[] =
      c.client.isCluster === true
        ? c.client.nodes('all').map((node: { stream: unknown }) => node.stream)
        : [c.client.stream]
    expect(sockets.every((socket) => socket !== undefined)).toBe(true)
    let writes = 0
    for (const socket of sockets) {
      for (const name of ['_write', '_writev'] as const) {
        const original = socket[name]
        if (typeof original !== 'function') continue
        socket[name] = function (this: unknown, ...args: unknown[]) {
          writes++
          return original.apply(this, args)
        }
      }
    }
    const keys = Array.from({ length: 1000 }, (_, i) => `t${i}`)
    await Promise.all(keys.map((k, i) => c.set(k, i % 3 === 0 ? `v${i}` : i)))
    const setWrites = writes
    writes = 0
    const got = await Promise.all(keys.map((k) => c.get(k)))
    expect(got).toEqual(keys.map((_, i) => (i % 3 === 0 ? `v${i}` : i)))
    // Unbatched, every command is a write of its own (1,000 each way).
    expect(setWrites).toBeLessThanOrEqual(4 * sockets.length)
    expect(writes).toBeLessThanOrEqual(4 * sockets.length)
  })

  it('getMany and setMany keep order and tell misses, across hash slots', async () => {
    const c = cache()
    const entries = Array.from(
      { length: 300 },
      (_, i) => [`m${i}`, i % 7 === 0 ? undefined : i] as const,
    )
    await c.setMany(entries)
    const keys = [...entries.map(([k]) => k), 'absent-1', 'absent-2']
    const got = await c.getMany(keys)
    expect(got).toEqual([...entries.map(([, v]) => v), undefined, undefined])
    const stats = await c.stats()
    expect(stats.sets).toBe(300)
    expect(stats.hits).toBe(300)
    expect(stats.misses).toBe(2)
    expect(await c.getMany([])).toEqual([])
  })

  it('the server expires entries by PX; ttl 0 and Infinity never do; setMany applies ttl', async () => {
    const c = cache()
    await c.set('short', 1, { ttl: 150 })
    await c.setMany([['batch', 2]], { ttl: 150 })
    await c.set('zero', 3, { ttl: 0 })
    await c.set('inf', 4, { ttl: Number.POSITIVE_INFINITY })
    const deadline = Date.now() + 30_000
    while ((await c.has('short')) || (await c.has('batch'))) {
      if (Date.now() > deadline) throw new Error('the server kept a 150 ms entry for 30 s')
      await sleep(50)
    }
    expect(await c.get('zero')).toBe(3)
    expect(await c.get('inf')).toBe(4)
  })

  it('a default ttl from the options applies; foreign bytes under the prefix read as a miss', async () => {
    const c = cache(undefined, { ttl: 60_000 })
    await c.set('k', 'v')
    const r = raw()
    const [key] = await keysOf(r, `warp:${c.prefix}:*`)
    expect(key, 'the entry is stored under warp:<prefix>:').toBeDefined()
    const pttl = await r.pttl(key as Buffer)
    expect(pttl).toBeGreaterThan(0)
    expect(pttl).toBeLessThanOrEqual(60_000)
    await r.set(key as Buffer, '\u00ff garbage')
    expect(await c.get('k')).toBeUndefined()
    expect(await c.lookup('k', 'MISS')).toBe('MISS')
  })
})

/** Test-only: the keys matching `pattern` on every master (KEYS is fine on a small test database). */
async function keysOf(r: Redis | Cluster, pattern: string): Promise<Buffer[]> {
  if (r.status !== 'ready') await new Promise((resolve) => r.once('ready', resolve))
  const nodes = r instanceof Cluster ? r.nodes('master') : [r]
  return (await Promise.all(nodes.map((n) => n.keysBuffer(pattern)))).flat()
}
