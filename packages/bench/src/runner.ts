/**
 * Child-process entry: one subject, one job. The parent forks this file, sends
 * the job, and drives rounds one at a time so several processes can be lined up.
 *
 * parent → child: { type: 'job', job, worker } | { type: 'round' } | { type: 'done' }
 * child → parent: { type: 'ready', streamHash } | { type: 'disqualified', reason }
 *                 | { type: 'round-done', ops, ns, values } | { type: 'error', message } | { type: 'closed' }
 */
import type { Bench, BenchFactory, WorkerInfo } from './bench.js'
import type { Job, SuiteName } from './types.js'

async function factory(suite: SuiteName): Promise<BenchFactory> {
  switch (suite) {
    case 'memory':
      return (await import('./suites/memory-child.js')).createBench
    case 'memoize':
      return (await import('./suites/memoize-child.js')).createBench
    case 'shared':
      return (await import('./suites/shared-child.js')).createBench
    case 'async':
      return (await import('./suites/async-child.js')).createBench
    case 'redis':
      return (await import('./suites/redis-child.js')).createBench
    case 'tiered':
      return (await import('./suites/tiered-child.js')).createBench
    default:
      throw new Error(`suite ${suite} has no child side`)
  }
}

const send = (msg: unknown): Promise<void> =>
  new Promise((resolve) => process.send!(msg, undefined, undefined, () => resolve()))

let bench: Bench | undefined

/** A timed round lasts about this long (long enough for the clock, short enough for many rounds). */
const ROUND_TARGET_NS = 15e6
const MIN_ROUND_OPS = 256
const MAX_ROUND_OPS = 1 << 20

async function onMessage(msg: { type: string; job?: Job; worker?: WorkerInfo }): Promise<void> {
  if (msg.type === 'job') {
    const job = msg.job!
    bench = await (await factory(job.suite))(job, msg.worker!)
    const failure = await bench.smoke()
    if (failure) {
      await send({ type: 'disqualified', reason: failure })
      return
    }
    const t0 = performance.now()
    for (let i = 0; i < job.warmup || performance.now() - t0 < job.warmupMs; i++) {
      const r = await bench.round()
      if (bench.roundOps !== undefined && r.ns > 0) {
        const want = Math.round((r.ops * ROUND_TARGET_NS) / r.ns)
        bench.roundOps = Math.max(MIN_ROUND_OPS, Math.min(MAX_ROUND_OPS, want))
      }
    }
    await send({ type: 'ready', streamHash: bench.streamHash })
  } else if (msg.type === 'round') {
    const r = await bench!.round()
    await send({ type: 'round-done', ...r })
  } else if (msg.type === 'done') {
    await bench?.close?.()
    await send({ type: 'closed' })
    process.disconnect()
  }
}

if (!process.send) {
  console.error('warp-bench runner: start me through warp-bench (I need an IPC channel)')
  process.exit(2)
}

// The parent is gone (Ctrl-C, a crash): nobody will send 'done', and a subject's open
// connections (a Redis client reconnecting to servers that were stopped) would keep this
// process alive forever. After 'done', the disconnect is this process's own, and it ends too.
process.on('disconnect', () => process.exit(0))

process.on('message', (msg: { type: string }) => {
  onMessage(msg).catch(async (err: unknown) => {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
    await send({ type: 'error', message })
    process.exit(1)
  })
})
