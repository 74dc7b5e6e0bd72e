import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const script = `${root}/test/fixtures/claim-agent.mjs`
const bundle = `${root}/build/test-bundle/index.mjs`

/** A memoizeAsync-over-SharedCache user in its own process (test/fixtures/claim-agent.mjs). */
export interface ClaimAgent {
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>
  readonly pid: number
  /** SIGKILLs the process (no-op when it already exited) and waits for its exit. */
  kill(): Promise<void>
}

interface Reply {
  id?: number
  ready?: boolean
  result?: unknown
  error?: { message: string; code?: string }
}

export async function claimAgent(): Promise<ClaimAgent> {
  const child: ChildProcess = fork(script, [], {
    env: { ...process.env, WARP_TEST_BUNDLE: bundle },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let next = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.on('message', (m: Reply) => {
      if (m.ready) return resolve()
      const p = pending.get(m.id as number)
      if (!p) return
      pending.delete(m.id as number)
      if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error))
      else p.resolve(m.result)
    })
  })
  child.once('exit', () => {
    for (const p of pending.values()) p.reject(new Error('agent exited'))
    pending.clear()
  })
  await ready
  return {
    pid: child.pid as number,
    call: <T>(op: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        child.send({ id, op, ...args })
      }),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      child.kill('SIGKILL')
      await exited
    },
  }
}

/** A private directory in /dev/shm with an empty load log; remove it with `cleanup`. */
export function workspace(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync('/dev/shm/warp-async-test-')
  const file = `${dir}/loads.log`
  writeFileSync(file, '')
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The loader calls logged so far: one `{ key, pid }` per call. */
export function loadsLogged(file: string): { key: string; pid: number }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('start '))
    .map((line) => {
      const [, key, pid] = line.split(' ')
      return { key: key as string, pid: Number(pid) }
    })
}

/** Polls (every 5 ms, up to `limitMs`) until `check` is true; false when it never was. */
export async function until(check: () => boolean, limitMs = 30_000): Promise<boolean> {
  const end = Date.now() + limitMs
  while (!check()) {
    if (Date.now() > end) return false
    await new Promise((r) => setTimeout(r, 5))
  }
  return true
}
