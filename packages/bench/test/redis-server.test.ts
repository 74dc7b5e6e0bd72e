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

/** Pids of the processes whose parent is `parent` and whose command line has `part`. */
function childrenOf(parent: number, part: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid !== parent) continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(part)) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
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
    'is stopped when the run is ended by Ctrl-C (SIGINT); the run ends by that signal and leaves no measuring process behind',
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
      let runners: number[] = []
      try {
        // The single server and the three cluster nodes write their pid files once started.
        let pids: number[] = []
        for (let i = 0; i < 1200 && pids.length < 4; i++) {
          await sleep(50)
          pids = serverPids(root).filter(alive)
        }
        expect(pids.length).toBe(4)
        // …and at least one measuring process runs (with its connections to the servers).
        for (let i = 0; i < 1200 && runners.length === 0; i++) {
          await sleep(50)
          runners = childrenOf(child.pid as number, 'runner.js')
        }
        expect(runners.length).toBeGreaterThan(0)
        child.kill('SIGINT')
        expect(await ended).toBe('SIGINT')
        expect(pids.filter(alive)).toEqual([])
        // Orphaned runners notice the lost parent and exit (generous bound for a loaded machine).
        for (let i = 0; i < 600 && runners.some(alive); i++) await sleep(50)
        expect(runners.filter(alive)).toEqual([])
        expect(readdirSync(root).filter((d) => d.startsWith('warp-bench-redis-'))).toEqual([])
      } finally {
        child.kill('SIGKILL')
        for (const pid of runners) if (alive(pid)) process.kill(pid, 'SIGKILL')
        for (const pid of serverPids(root)) if (alive(pid)) process.kill(pid, 'SIGKILL')
        rmSync(root, { recursive: true, force: true, maxRetries: 10 })
      }
    },
    120_000,
  )
})
