import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readTextTrace } from './text-trace.js'

/** A request trace: a name and its key ids. */
export interface Trace {
  name: string
  keys: Uint32Array
}

/**
 * Reads a `.u32` trace: a flat array of little-endian uint32 key ids.
 * Throws a `TypeError` when the length is not a multiple of 4.
 */
export function readU32Trace(path: string): Trace {
  const buf = readFileSync(path)
  if (buf.length % 4 !== 0) {
    throw new TypeError(`${path}: a .u32 trace must be a multiple of 4 bytes, got ${buf.length}`)
  }
  const n = buf.length / 4
  const keys = new Uint32Array(n)
  // Explicit little-endian reads, so the result does not depend on host byte order or alignment.
  for (let i = 0; i < n; i++) keys[i] = buf.readUInt32LE(i * 4)
  return { name: basename(path), keys }
}

/**
 * Reads a trace for `--trace`: a `.u32` file as {@link readU32Trace}, any other as a text
 * trace with one key per line ({@link readTextTrace}).
 */
export function readTrace(path: string): Trace {
  return path.endsWith('.u32') ? readU32Trace(path) : readTextTrace(path)
}

/** The directory of this package (works from `src/` under vitest and from `dist/`). */
export function packageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && basename(dir) === 'bench') return dir
    dir = dirname(dir)
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..')
}

/**
 * Where `../shared/traces` is for this checkout: beside the repository root
 * (`packages/bench/../../../shared/traces`). `undefined` when absent, which is
 * normal on a user's clone.
 */
export function sharedTracesDir(): string | undefined {
  const dir = resolve(packageDir(), '..', '..', '..', 'shared', 'traces')
  return existsSync(dir) ? dir : undefined
}

/** Paths of every `*.u32` in the shared traces folder, sorted; empty when the folder is absent. */
export function sharedTracePaths(): string[] {
  const dir = sharedTracesDir()
  if (!dir) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.u32'))
    .sort()
    .map((f) => join(dir, f))
}
