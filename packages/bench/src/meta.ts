import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { packageDir } from './traces.js'
import type { Meta } from './types.js'

/** The git commit of this checkout, or `null` outside a git work tree. */
export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: packageDir(),
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    })
      .toString()
      .trim()
  } catch {
    return null
  }
}

/** Date, Node, V8, CPU, cores and commit of this run. */
export function machineMeta(seed: number, quick: boolean): Meta {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    commit: gitCommit(),
    platform: os.platform(),
    arch: os.arch(),
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    seed,
    quick,
    clock: 'wall',
    runs: 1,
    durationMs: 0,
  }
}
