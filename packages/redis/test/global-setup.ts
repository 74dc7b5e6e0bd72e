import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'

const SCRIPT = resolve(import.meta.dirname, '../../../scripts/redis-servers.sh')

/**
 * When WARP_REDIS_URL / WARP_REDIS_CLUSTER are not set and redis-server is on PATH, starts
 * the servers with scripts/redis-servers.sh for this run and stops them afterwards, so a plain
 * `npm test` works. Without redis-server the tests skip with the reason (fail under CI=true).
 */
export default function setup(project: TestProject): (() => void) | undefined {
  if (process.env.WARP_REDIS_URL && process.env.WARP_REDIS_CLUSTER) return undefined
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'warp-redis-test-'))
  const lines = execFileSync(SCRIPT, ['start', dir], { encoding: 'utf8' }).trim().split('\n')
  for (const line of lines) {
    const at = line.indexOf('=')
    const [name, value] = [line.slice(0, at), line.slice(at + 1)]
    process.env[name] = value
    project.provide(name as 'WARP_REDIS_URL', value)
  }
  return () => {
    execFileSync(SCRIPT, ['stop', dir])
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    WARP_REDIS_URL: string
    WARP_REDIS_CLUSTER: string
  }
}
