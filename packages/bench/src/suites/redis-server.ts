import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Makes sure WARP_REDIS_URL names a server for the redis suite: the one given, or a fresh
 * redis-server started with the repo's scripts/redis-servers.sh and stopped when this
 * process exits or is ended by SIGINT, SIGTERM or SIGHUP. Without either, a reason to skip
 * the suite.
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
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    execFileSync(script, ['stop', dir])
  }
  process.once('exit', stop)
  // The servers are daemons: 'exit' does not run when a signal ends the process (Ctrl-C on a
  // long run), so stop them there too, then end the process by the same signal as before.
  // Registered before the start: a signal that arrives while the start script runs waits for
  // it, and then stops whatever it started.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stop()
      process.kill(process.pid, signal)
    })
  }
  const lines = execFileSync(script, ['start', dir], { encoding: 'utf8' }).trim().split('\n')
  for (const line of lines) {
    const at = line.indexOf('=')
    process.env[line.slice(0, at)] = line.slice(at + 1)
  }
  return { ok: true }
}
