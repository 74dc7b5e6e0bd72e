import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../src/index.js'

// Every examples/*.mjs runs against the built packages and must exit 0 by itself.
const dir = join(repoRoot, 'examples')
const examples = readdirSync(dir).filter((f) => f.endsWith('.mjs'))

describe('examples', () => {
  it('has examples to run', () => {
    expect(examples.length).toBeGreaterThan(0)
  })
  for (const file of examples) {
    it(`${file} runs and exits 0`, () => {
      const r = spawnSync(process.execPath, [join(dir, file)], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 150_000,
      })
      expect(r.error, `${file} did not finish`).toBeUndefined()
      expect(r.status, `${file}:\n${r.stderr}\n${r.stdout}`).toBe(0)
    })
  }
})
