import { describe, expect, it } from 'vitest'
import { tieredSubjects } from '../src/suites/tiered-subjects.js'

// Every subject of the tiered suite, two instances on one Redis server: what the suite's smoke
// test and its three cells rely on. Needs WARP_REDIS_URL (scripts/redis-servers.sh run -- …);
// without one it is skipped, with the reason in its name; under CI=true it fails.
const url = process.env.WARP_REDIS_URL
const skip = !url && process.env.CI !== 'true'

describe('tiered subjects', () => {
  for (const [id, subject] of Object.entries(tieredSubjects)) {
    const name = skip
      ? `${id} — skipped: needs a Redis server, set WARP_REDIS_URL (scripts/redis-servers.sh run -- …)`
      : `${id}: loads, reads through L2, and a set in one instance reaches the other`
    it.skipIf(skip)(name, async () => {
      if (!url) throw new Error('the tiered subjects need WARP_REDIS_URL (CI=true: a failure)')
      const namespace = `bench-tiered-test-${process.pid}-${Math.random().toString(36).slice(2)}`
      const a = await subject.load(url, namespace)
      const b = await subject.load(url, namespace)
      try {
        expect(await b.get('k')).toBeUndefined()
        await a.set('k', 'one')
        // b has no copy yet: it reads the value from L2 (or from what the bus brought it).
        expect(await b.get('k')).toBe('one')
        expect(await b.get('k')).toBe('one')
        await a.set('k', 'two')
        let seen: unknown
        const deadline = Date.now() + 5000
        while ((seen = await b.get('k')) !== 'two' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 1))
        }
        expect(seen, 'the other instance still reads its old copy after 5 s').toBe('two')
        // A third instance, made after the writes, reads the value from L2.
        const c = await subject.load(url, namespace)
        try {
          expect(await c.get('k')).toBe('two')
        } finally {
          await c.close()
        }
      } finally {
        await a.close()
        await b.close()
      }
    })
  }
})
