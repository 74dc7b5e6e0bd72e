import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A user's project with only @warp/core installed (the built package, as npm would
// unpack it): both module systems load it, and createCache says what to install.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>
}
let project: string

/** Where the workspace install put a dependency (walking up like Node does). */
function installedDir(name: string): string {
  for (let dir = packageDir; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(candidate)) return candidate
  }
  throw new Error(`${name} is not installed`)
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'warp-consumer-'))
  const target = join(project, 'node_modules', '@warp', 'core')
  mkdirSync(target, { recursive: true })
  cpSync(join(packageDir, 'dist'), join(target, 'dist'), { recursive: true })
  cpSync(join(packageDir, 'package.json'), join(target, 'package.json'))
  // core's own dependencies, linked from the workspace install
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    symlinkSync(installedDir(dep), join(project, 'node_modules', dep), 'dir')
  }
  writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}')
})

afterAll(() => rmSync(project, { recursive: true, force: true }))

function run(file: string, source: string): string {
  writeFileSync(join(project, file), source)
  return execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim()
}

const body = `
  const f = core.memoize((a, b) => a + b, { backend: new testing.ReferenceBackend({ mode: 'sync', max: 10 }) })
  const results = [f(1, 2), f(1, 2), f.stats().hits, typeof core.CacheError]
  core.createCache('memory://?max=10').then(
    () => console.log('no error'),
    (e) => console.log(JSON.stringify([...results, e.code, e.message])),
  )
`

describe('consumers of the built package', () => {
  it('ESM import works and createCache names the missing package', () => {
    const out = run(
      'esm.mjs',
      `import * as core from '@warp/core'\nimport * as testing from '@warp/core/testing'\n${body}`,
    )
    const [sum, again, hits, errorType, code, message] = JSON.parse(out)
    expect([sum, again, hits, errorType]).toEqual([3, 3, 1, 'function'])
    expect(code).toBe('E_BACKEND_NOT_INSTALLED')
    expect(message).toMatch(/Run: npm install @warp\/memory/)
  })

  it('CommonJS require works and createCache names the missing package', () => {
    const out = run(
      'cjs.cjs',
      `const core = require('@warp/core')\nconst testing = require('@warp/core/testing')\n${body}`,
    )
    const [sum, again, hits, errorType, code, message] = JSON.parse(out)
    expect([sum, again, hits, errorType]).toEqual([3, 3, 1, 'function'])
    expect(code).toBe('E_BACKEND_NOT_INSTALLED')
    expect(message).toMatch(/Run: npm install @warp\/memory/)
  })
})
