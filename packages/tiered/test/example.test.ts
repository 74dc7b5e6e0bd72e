import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { bundleForNode } from './bundle.js'
import { redisServer } from './servers.js'

const server = redisServer()
const root = fileURLToPath(new URL('..', import.meta.url))
// The repository's example (run against the built packages by docs-check); here from src.
const example = fileURLToPath(
  new URL('../../../examples/tiered-two-instances.mjs', import.meta.url),
)

describe.skipIf(server.skip)(
  `examples/tiered-two-instances.mjs${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    it('runs: each instance reads the other one’s new value after its invalidation', async () => {
      // Built from src (as the published package would be from dist) so no prior build is needed.
      const outfile = `${root}/build/examples/tiered-two-instances.mjs`
      await bundleForNode(example, outfile)
      const { stdout } = await promisify(execFile)(process.execPath, [outfile], {
        env: { ...process.env, WARP_REDIS_URL: server.url },
        timeout: 50_000,
      })
      console.log(stdout)
      const lines = stdout.trim().split('\n')
      expect(lines).toEqual([
        'b: greeting = undefined (from neither tier)',
        'a: set greeting = hello (Redis, this L1, then an invalidation)',
        expect.stringMatching(
          /^b: invalidation received [\d.]+ ms after the write: drops greeting from L1$/,
        ),
        'b: greeting = hello (from L2 (Redis), now copied into L1)',
        'b: greeting = hello (from L1)',
        'a: greeting = hello (from L1)',
        'a: greeting = hello (from L1)',
        'b: set greeting = hello again (Redis, this L1, then an invalidation)',
        expect.stringMatching(
          /^a: invalidation received [\d.]+ ms after the write: drops greeting from L1$/,
        ),
        'a: greeting = hello again (from L2 (Redis), now copied into L1)',
        'a: greeting = hello again (from L1)',
        'b: greeting = hello again (from L1)',
        expect.stringMatching(/^[ab]: stats: /),
        expect.stringMatching(/^[ab]: stats: /),
      ])
    })
  },
)
