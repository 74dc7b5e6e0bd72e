import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../src/index.js'

// Every examples/*.mjs runs against the built packages and must exit 0 by itself.
const dir = join(repoRoot, 'examples')
const examples = readdirSync(dir).filter((f) => f.endsWith('.mjs'))

// An example that reads WARP_REDIS_URL needs a Redis server (CI: scripts/redis-servers.sh run --
// npm test). Without one it is skipped, with the reason in its name; under CI=true it fails.
const redisUrl = process.env.WARP_REDIS_URL
const needsRedis = (file: string) =>
  readFileSync(join(dir, file), 'utf8').includes('WARP_REDIS_URL')

describe('examples', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThan(0)
  })
  for (const file of examples) {
    const skip = needsRedis(file) && !redisUrl && process.env.CI !== 'true'
    const name = skip
      ? `${file} — skipped: needs a Redis server, set WARP_REDIS_URL (scripts/redis-servers.sh run -- …)`
      : `${file} runs and exits 0`
    it.skipIf(skip)(name, () => {
      if (needsRedis(file) && !redisUrl) {
        throw new Error(`${file} needs WARP_REDIS_URL (CI=true: a missing server is a failure)`)
      }
      // The example's temporary files go into a folder removed afterwards.
      const tmp = mkdtempSync(join(tmpdir(), 'warp-example-'))
      let r: ReturnType<typeof spawnSync>
      try {
        r = spawnSync(process.execPath, [join(dir, file)], {
          cwd: repoRoot,
          encoding: 'utf8',
          timeout: 150_000,
          env: { ...process.env, TMPDIR: tmp },
        })
      } finally {
        rmSync(tmp, { recursive: true, force: true })
      }
      expect(r.error, `${file} did not finish`).toBeUndefined()
      expect(r.status, `${file}:\n${r.stderr}\n${r.stdout}`).toBe(0)
    })
  }
})
