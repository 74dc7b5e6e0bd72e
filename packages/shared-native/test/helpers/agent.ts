import { type ChildProcess, fork } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import { bundle, childEnv, root } from './env.js'

const script = `${root}/test/fixtures/agent.mjs`

/** A SharedCache user in another process or thread, driven by messages. */
export interface Agent {
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>
  /** The child's pid (processes only). */
  readonly pid: number | undefined
  stop(): Promise<void>
}

interface Reply {
  id?: number
  ready?: boolean
  result?: unknown
  error?: { code?: string; message: string; name: string }
}

function driver(
  send: (m: unknown) => void,
  onMessage: (fn: (m: Reply) => void) => void,
): { call: Agent['call']; ready: Promise<void> } {
  let next = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  let markReady: () => void = () => {}
  const ready = new Promise<void>((r) => {
    markReady = r
  })
  onMessage((m) => {
    if (m.ready) return markReady()
    const p = pending.get(m.id as number)
    if (!p) return
    pending.delete(m.id as number)
    if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error))
    else p.resolve(m.result)
  })
  const call = <T>(op: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      send({ id, op, ...args })
    })
  return { call, ready }
}

/** Starts an agent in a child process. */
export async function processAgent(): Promise<Agent> {
  const child: ChildProcess = fork(script, [], {
    env: { ...childEnv, WARP_TEST_BUNDLE: bundle },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const d = driver(
    (m) => child.send(m as never),
    (fn) => child.on('message', fn as never),
  )
  await d.ready
  return {
    call: d.call,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      child.kill('SIGKILL')
      await exited
    },
  }
}

/** Starts an agent in a worker thread of this process. */
export async function workerAgent(): Promise<Agent> {
  const worker = new Worker(script, { env: { ...childEnv, WARP_TEST_BUNDLE: bundle } })
  const d = driver(
    (m) => worker.postMessage(m),
    (fn) => worker.on('message', fn),
  )
  await d.ready
  return {
    call: d.call,
    pid: undefined,
    stop: async () => {
      await worker.terminate()
    },
  }
}
