import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * `<repo root>/../shared`, the folder of traces that sits beside the repo in CI and
 * on our machines but not on a user's clone. Read in place; never copied into the repo.
 * Returns undefined when it is absent. `WARP_SHARED_DIR` names the folder explicitly.
 */
export function sharedDir(): string | undefined {
  // WARP_SHARED_DIR overrides the search (a worktree whose ../shared is something else).
  const override = process.env.WARP_SHARED_DIR
  if (override)
    return existsSync(join(override, 'traces', 'expected-hits.json')) ? override : undefined
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && 'workspaces' in JSON.parse(readFileSync(pkg, 'utf8'))) break
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
  const shared = resolve(dir, '..', 'shared')
  return existsSync(join(shared, 'traces', 'expected-hits.json')) ? shared : undefined
}

/** Reads a `.u32` trace: little-endian uint32 key ids. */
export function readTrace(path: string): Uint32Array {
  const buf = readFileSync(path)
  const copy = new Uint8Array(buf.length)
  copy.set(buf)
  return new Uint32Array(copy.buffer, 0, copy.length / 4)
}
