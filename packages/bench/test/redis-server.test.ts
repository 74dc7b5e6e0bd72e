import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const cli = fileURLToPath(new URL('../bin/warp-bench.mjs', import.meta.url))
const built = existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)))
const noServer = spawnSync('redis-server', ['--version']).status !== 0
const skip = noServer
  ? 'no redis-server on PATH'
  : !built
    ? 'the bench is not built (npm run build)'
    : undefined

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The pids in the redis.pid files of every server dir the bench made under `root`. */
function serverPids(root: string): number[] {
  const pids: number[] = []
  for (const dir of readdirSync(root).filter((d) => d.startsWith('warp-bench-redis-'))) {
    for (const server of readdirSync(join(root, dir))) {
      const file = join(root, dir, server, 'redis.pid')
      if (existsSync(file)) pids.push(Number(readFileSync(file, 'utf8').trim()))
    }
  }
  return pids
}

describe(`the redis server the bench starts (${skip ?? 'redis-server on PATH'})`, () => {
  it.skipIf(skip !== undefined)(
    'is stopped when the run is ended by Ctrl-C (SIGINT), and the run still ends by that signal',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'warp-bench-sigint-'))
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: root }
      delete env.WARP_REDIS_URL
      delete env.WARP_REDIS_CLUSTER
      const child = spawn(process.execPath, [cli, 'redis', '--quick', '--no-progress'], {
        env,
        stdio: 'ignore',
      })
      const ended = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_, signal) => resolve(signal)),
      )
      try {
        // The single server and the three cluster nodes write their pid files once started.
        let pids: number[] = []
        for (let i = 0; i < 1200 && pids.length < 4; i++) {
          await sleep(50)
          pids = serverPids(root).filter(alive)
        }
        expect(pids.length).toBe(4)
        child.kill('SIGINT')
        expect(await ended).toBe('SIGINT')
        expect(pids.filter(alive)).toEqual([])
        expect(readdirSync(root).filter((d) => d.startsWith('warp-bench-redis-'))).toEqual([])
      } finally {
        child.kill('SIGKILL')
        for (const pid of serverPids(root)) if (alive(pid)) process.kill(pid, 'SIGKILL')
        rmSync(root, { recursive: true, force: true, maxRetries: 10 })
      }
    },
    120_000,
  )
})
