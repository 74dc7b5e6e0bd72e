import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { Redis } from 'iovalkey'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type PubSubClient, RedisBus, TieredCache } from '../src/index.js'
import { keySlot } from '../src/key-slot.js'
import { uniquePrefix } from './servers.js'
import { subscribed, until } from './waits.js'

// A Cluster takes three servers and a `redis-cli --cluster create`: the test runs against one
// started by scripts/redis-servers.sh (CI exports WARP_REDIS_CLUSTER), and says so when skipped.
const nodes = process.env.WARP_REDIS_CLUSTER?.split(',').map((node) => {
  const [host, port] = node.split(':')
  return { host: host as string, port: Number(port) }
})
const skip = !nodes && 'WARP_REDIS_CLUSTER is not set (scripts/redis-servers.sh run -- …)'
if (skip && process.env.CI === 'true') {
  throw new Error(`${skip} (CI=true: a missing cluster is a failure)`)
}

/** One master as `CLUSTER NODES` describes it, with a standalone admin connection to it. */
interface Master {
  id: string
  port: number
  admin: Redis
}

describe.skipIf(skip)(`over a 3-master Cluster${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const admins = new Map<number, Redis>()
  const opened: Array<{ close(): Promise<void> | void }> = []

  beforeAll(() => {
    for (const { host, port } of nodes ?? []) admins.set(port, new Redis({ host, port }))
  })
  afterEach(async () => {
    for (const c of opened.splice(0).reverse()) await c.close()
  })
  afterAll(() => {
    for (const admin of admins.values()) admin.disconnect()
  })

  /** The masters, and which one owns `slot` now (by `CLUSTER NODES` of the first node). */
  async function masters(slot: number): Promise<{ owner: Master; others: Master[] }> {
    const first = admins.values().next().value as Redis
    const text = (await first.cluster('NODES')) as string
    const all: Array<Master & { owns: boolean }> = []
    for (const line of text.trim().split('\n')) {
      const [id, address, flags, , , , , , ...ranges] = line.split(' ')
      if (!flags?.includes('master')) continue
      const port = Number(address?.split('@')[0]?.split(':')[1])
      const owns = ranges.some((range) => {
        if (range.startsWith('[')) return false // a slot being imported or migrated
        const [from, to = from] = range.split('-').map(Number)
        return slot >= (from as number) && slot <= (to as number)
      })
      all.push({ id: id as string, port, admin: admins.get(port) as Redis, owns })
    }
    const owner = all.find((m) => m.owns)
    expect(owner, `a master owns slot ${slot}`).toBeDefined()
    return { owner: owner as Master, others: all.filter((m) => !m.owns) }
  }

  /** `cluster_stats_messages_<name>` of `CLUSTER INFO` on a node (0 when absent). */
  async function clusterStat(admin: Redis, name: string): Promise<number> {
    const info = (await admin.cluster('INFO')) as string
    return Number(info.match(new RegExp(`^cluster_stats_messages_${name}:(\\d+)`, 'm'))?.[1] ?? 0)
  }

  /** Sum of a `CLUSTER INFO` message counter over every node. */
  async function clusterStatSum(name: string): Promise<number> {
    let sum = 0
    for (const admin of admins.values()) sum += await clusterStat(admin, name)
    return sum
  }

  /** `PUBSUB SHARDNUMSUB` / `PUBSUB NUMSUB` count of `channel` on one node. */
  async function numsub(admin: Redis, kind: 'SHARDNUMSUB' | 'NUMSUB', channel: string) {
    const reply = (await admin.call('PUBSUB', kind, channel)) as [string, number]
    return Number(reply[1])
  }

  /**
   * Records, per cache, the `warp:tiered:bus` events it publishes, each as `label` makes it;
   * `stop` unsubscribes.
   */
  function busStates(
    caches: unknown[],
    label: (event: { state: string; reason?: Error }) => string,
  ): { states: Map<unknown, string[]>; stop: () => void } {
    const states = new Map<unknown, string[]>(caches.map((c) => [c, []]))
    const onBus = (m: unknown) => {
      const event = m as { cache: unknown; state: string; reason?: Error }
      states.get(event.cache)?.push(label(event))
    }
    subscribe('warp:tiered:bus', onBus)
    return { states, stop: () => unsubscribe('warp:tiered:bus', onBus) }
  }

  function open(prefix: string, bus?: (l2: RedisCache<string, string>) => RedisBus) {
    const l2 = new RedisCache<string, string>({ cluster: { nodes: nodes ?? [] }, prefix })
    const cache = new TieredCache<string, string>({
      l1: new SieveCache({ max: 100 }),
      l2,
      ...(bus ? { bus: bus(l2) } : {}),
      busReconnectDelay: 100,
    })
    opened.push(cache)
    return cache
  }

  /** The port of the node `cache`'s bus subscribes on (sharded mode: a standalone connection). */
  function subscriberPort(cache: TieredCache): number | undefined {
    return ((cache.bus as RedisBus).subscriber as PubSubClient).options?.port
  }

  /** Sets `keys` on `writer` and waits until `reader` applied their invalidations. */
  async function invalidates(writer: TieredCache, reader: TieredCache, keys: string[]) {
    for (const k of keys) expect(await reader.get(k)).not.toBe('fresh')
    for (const k of keys) await reader.get(k)
    const before = (await reader.stats()).invalidationsReceived
    for (const k of keys) await writer.set(k, 'fresh')
    await until(async () => (await reader.stats()).invalidationsReceived === before + keys.length)
    for (const k of keys) expect(reader.l1.has(k)).toBe(false)
    for (const k of keys) expect(await reader.get(k)).toBe('fresh')
  }

  it('keySlot agrees with CLUSTER KEYSLOT', async () => {
    const admin = admins.values().next().value as Redis
    for (const key of ['warp:tiered:users', 'a', '', 'x{tag}y', '{}z', 'é{ü}', uniquePrefix('k')]) {
      expect(keySlot(key), key).toBe(Number(await admin.cluster('KEYSLOT', key)))
    }
  })

  it('invalidations go over sharded pub/sub: one shard, subscribed at the slot owner', async () => {
    const prefix = uniquePrefix('cluster')
    const writer = open(prefix)
    const reader = open(prefix)
    await subscribed(writer, reader)
    expect((reader.bus as RedisBus).sharded).toBe(true)
    const channel = reader.channel
    const { owner, others } = await masters(keySlot(channel))

    // Both subscribers are standalone connections to the channel's owner, in sharded mode.
    expect(subscriberPort(reader)).toBe(owner.port)
    expect(subscriberPort(writer)).toBe(owner.port)
    const list = (await owner.admin.client('LIST')) as string
    for (const cache of [writer, reader]) {
      const line = list.split('\n').find((l) => l.includes(` name=warp-tiered-${cache.id} `))
      expect(line, `the subscriber of ${cache.id} is a client of the owner`).toBeDefined()
      expect(line).toMatch(/ sub=0 /)
      expect(line).toMatch(/ ssub=1 /)
    }
    expect(await numsub(owner.admin, 'SHARDNUMSUB', channel)).toBe(2)
    expect(await numsub(owner.admin, 'NUMSUB', channel)).toBe(0)
    for (const other of others) {
      expect(await numsub(other.admin, 'SHARDNUMSUB', channel)).toBe(0)
      expect(await numsub(other.admin, 'NUMSUB', channel)).toBe(0)
    }

    // Keys on different masters; their invalidations all go through the channel's owner, and
    // no node forwards a publish over the cluster bus (a broadcast PUBLISH would).
    const broadcastsBefore = await clusterStatSum('publish_received')
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`)
    for (const k of keys) await writer.set(k, 'old')
    await until(async () => (await reader.stats()).invalidationsReceived === keys.length)
    for (const k of keys) expect(await reader.get(k)).toBe('old')
    for (const k of keys) expect(reader.l1.has(k)).toBe(true)
    await invalidates(writer, reader, keys)
    await writer.clear()
    await until(() => reader.l1.size === 0)
    expect(await clusterStatSum('publish_received')).toBe(broadcastsBefore)
    expect(await clusterStatSum('publishshard_received')).toBe(0) // no replicas: nothing to forward
  })

  it('sharded: false keeps the broadcast PUBLISH/SUBSCRIBE (for Redis < 7)', async () => {
    const prefix = uniquePrefix('cluster-broadcast')
    const broadcast = (l2: RedisCache<string, string>) =>
      new RedisBus(l2.client as unknown as PubSubClient, {
        sharded: false,
        reconnectDelay: 100,
      })
    const writer = open(prefix, broadcast)
    const reader = open(prefix, broadcast)
    await subscribed(writer, reader)
    expect((reader.bus as RedisBus).sharded).toBe(false)
    let subscribers = 0
    for (const admin of admins.values()) {
      subscribers += await numsub(admin, 'NUMSUB', reader.channel)
      expect(await numsub(admin, 'SHARDNUMSUB', reader.channel)).toBe(0)
    }
    expect(subscribers).toBe(2)
    const broadcastsBefore = await clusterStatSum('publish_received')
    await invalidates(
      writer,
      reader,
      Array.from({ length: 5 }, (_, i) => `key-${i}`),
    )
    // Each PUBLISH goes to every other node over the cluster bus; the reader may have its
    // message before the third node counts it, so wait for the counters to catch up.
    await until(async () => (await clusterStatSum('publish_received')) >= broadcastsBefore + 10)
    expect(await clusterStatSum('publish_received')).toBeGreaterThanOrEqual(broadcastsBefore + 10)
  })

  it('a server without SSUBSCRIBE (Redis < 7): reported once, naming sharded: false; retried', async () => {
    // Redis 7 knows SSUBSCRIBE: the subscriber sends an unknown command in its place, so the
    // real server answers as a Redis 6 would ("ERR unknown command …").
    const prefix = uniquePrefix('cluster-old')
    const l2 = new RedisCache<string, string>({ cluster: { nodes: nodes ?? [] }, prefix })
    const cluster = l2.client as unknown as PubSubClient
    let attempts = 0
    const old: PubSubClient = Object.create(cluster, {
      nodes: {
        value: (role: 'master') =>
          cluster.nodes?.(role).map((node) => ({
            options: node.options,
            duplicate: (...args: unknown[]) => {
              attempts++
              const sub = node.duplicate(...args)
              sub.ssubscribe = (channel: string) =>
                (sub as unknown as Redis).call('SSUBSCRIBE-BEFORE-REDIS-7', channel)
              return sub
            },
          })),
      },
    })
    const reasons: unknown[] = []
    const bus = new RedisBus(old, { reconnectDelay: 50 })
    opened.push(l2, bus)
    expect(bus.sharded).toBe(true)
    await until(() => cluster.status === 'ready')
    bus.start(`warp:tiered:${prefix}`, {
      message: () => expect.fail('no message expected'),
      up: () => expect.fail('never up'),
      down: (reason) => reasons.push(reason),
    })
    await until(() => attempts >= 4)
    expect(reasons).toHaveLength(1)
    expect(reasons[0]).toMatchObject({ code: 'E_IO' })
    expect(String((reasons[0] as Error).message)).toMatch(
      /does not know SSUBSCRIBE: sharded pub\/sub needs Redis ≥ 7 \(give the bus sharded: false/,
    )
    expect(String((reasons[0] as Error).cause)).toMatch(/unknown command/i)
  })

  it('CLIENT KILL TYPE pubsub on the owner: down, resubscribed at the owner, up', async () => {
    const prefix = uniquePrefix('cluster-kill')
    const writer = open(prefix)
    const reader = open(prefix)
    const { states, stop } = busStates([writer, reader], ({ state }) => state)
    try {
      await subscribed(writer, reader)
      const { owner } = await masters(keySlot(reader.channel))
      const first = (reader.bus as RedisBus).subscriber
      await owner.admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
      // Both subscribers were on the owner: each goes down and comes back.
      await until(() => [...states.values()].every((s) => s.length === 3))
      await subscribed(writer, reader)
      for (const s of states.values()) expect(s).toEqual(['connected', 'disconnected', 'connected'])
      expect((reader.bus as RedisBus).subscriber).not.toBe(first)
      expect(subscriberPort(reader)).toBe(owner.port)
      expect(await numsub(owner.admin, 'SHARDNUMSUB', reader.channel)).toBe(2)
      await invalidates(writer, reader, ['a', 'b', 'c'])
    } finally {
      stop()
    }
  })

  it("the channel's slot moves to another master: down, resubscribed at the new owner, up", async () => {
    const prefix = uniquePrefix('cluster-move')
    const writer = open(prefix)
    const reader = open(prefix)
    const { states, stop } = busStates([writer, reader], ({ state, reason }) =>
      reason ? `${state}: ${reason.message}` : state,
    )
    const slot = keySlot(reader.channel)
    const { owner, others } = await masters(slot)
    const target = others[0] as Master
    /**
     * Moves the slot from `from` to `to` as a resharding does (redis-cli's steps), keys and all:
     * other test files share this Cluster and may have keys in the slot, or write one into it
     * meanwhile (their clients follow the ASK redirects of a migrating slot).
     */
    const move = async (from: Master, to: Master) => {
      await to.admin.cluster('SETSLOT', slot, 'IMPORTING', from.id)
      await from.admin.cluster('SETSLOT', slot, 'MIGRATING', to.id)
      for (;;) {
        // As bytes: keys written by the binary-key tests are not UTF-8.
        const keys = (await from.admin.callBuffer(
          'CLUSTER',
          'GETKEYSINSLOT',
          slot,
          100,
        )) as Buffer[]
        if (keys.length === 0) break
        await from.admin.call(
          'MIGRATE',
          to.admin.options.host ?? '127.0.0.1',
          to.port,
          '',
          0,
          10_000,
          'KEYS',
          ...keys,
        )
      }
      await to.admin.cluster('SETSLOT', slot, 'NODE', to.id)
      await from.admin.cluster('SETSLOT', slot, 'NODE', to.id)
      for (const m of [owner, ...others]) {
        if (m !== to && m !== from) await m.admin.cluster('SETSLOT', slot, 'NODE', to.id)
      }
    }
    let moved = false
    try {
      await subscribed(writer, reader)
      expect(subscriberPort(reader)).toBe(owner.port)
      // A bystander key in the channel's slot (the hash tag puts it there), as real data would be.
      const bystander = `{${reader.channel}}:bystander`
      await owner.admin.set(bystander, 'kept')
      await move(owner, target)
      moved = true
      expect(await target.admin.get(bystander)).toBe('kept')
      await target.admin.del(bystander)
      // Both subscribers were on the old owner: each is unsubscribed by it and comes back.
      await until(() => [...states.values()].every((s) => s.length === 3))
      await subscribed(writer, reader)
      for (const s of states.values()) {
        expect(s[0]).toBe('connected')
        expect(s[1]).toMatch(
          /^disconnected: .*unsubscribed the shard channel .*\(its slot \d+ moved\)/,
        )
        expect(s[2]).toBe('connected')
      }
      expect(subscriberPort(reader)).toBe(target.port)
      expect(subscriberPort(writer)).toBe(target.port)
      expect(await numsub(target.admin, 'SHARDNUMSUB', reader.channel)).toBe(2)
      expect(await numsub(owner.admin, 'SHARDNUMSUB', reader.channel)).toBe(0)
      await invalidates(writer, reader, ['a', 'b', 'c'])
    } finally {
      stop()
      if (moved) await move(target, owner)
    }
  })
})
