import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Makes sure WARP_REDIS_URL names a server for the redis suite: the one given, or a fresh
 * redis-server started with the repo's scripts/redis-servers.sh and stopped when this
 * process exits. Without either, a reason to skip the suite.
 */
export function ensureRedisServer(): { ok: true } | { ok: false; reason: string } {
  if (process.env.WARP_REDIS_URL) return { ok: true }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    return { ok: false, reason: 'no WARP_REDIS_URL and no redis-server on PATH to start one' }
  }
  let script = ''
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    if (existsSync(join(dir, 'scripts/redis-servers.sh'))) {
      script = join(dir, 'scripts/redis-servers.sh')
      break
    }
  }
  if (!script) return { ok: false, reason: 'scripts/redis-servers.sh not found above the bench' }
  const dir = mkdtempSync(join(tmpdir(), 'warp-bench-redis-'))
  const lines = execFileSync(script, ['start', dir], { encoding: 'utf8' }).trim().split('\n')
  process.once('exit', () => {
    execFileSync(script, ['stop', dir])
  })
  for (const line of lines) {
    const at = line.indexOf('=')
    process.env[line.slice(0, at)] = line.slice(at + 1)
  }
  return { ok: true }
}
