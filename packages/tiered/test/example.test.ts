import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { bundleForNode } from './bundle.js'
import { redisServer } from './servers.js'

const server = redisServer()
const root = fileURLToPath(new URL('..', import.meta.url))

describe.skipIf(server.skip)(
  `examples/multi-instance.mjs${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    it('runs: every process reads each new value after its invalidation', async () => {
      // Built from src (as the published package would be from dist) so no prior build is needed.
      const outfile = `${root}/build/examples/multi-instance.mjs`
      await bundleForNode(`${root}/examples/multi-instance.mjs`, outfile)
      const { stdout } = await promisify(execFile)(process.execPath, [outfile], {
        env: { ...process.env, WARP_REDIS_URL: server.url },
        timeout: 50_000,
      })
      console.log(stdout)
      const lines = stdout.trim().split('\n')
      for (const [writer, value] of [
        [0, 'hello'],
        [1, 'hello again'],
      ] as const) {
        expect(lines).toContain(`worker ${writer}: set greeting = ${value}`)
      }
      for (const n of [0, 1, 2]) {
        const reads = lines.filter((l) => l.startsWith(`worker ${n}: greeting = `))
        expect(reads).toEqual([
          `worker ${n}: greeting = hello`,
          `worker ${n}: greeting = hello again`,
        ])
      }
      expect(lines.filter((l) => l.includes('invalidation received'))).toHaveLength(4)
    })
  },
)
