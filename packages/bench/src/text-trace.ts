import { closeSync, openSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import type { Trace } from './traces.js'

/** Bytes read per step: a trace of a few hundred MB is never held whole as a string. */
const CHUNK = 1 << 24

/**
 * Reads a text trace: one request per line, the whole line (without its line break and
 * surrounding blanks) being the key, so any log reduced to one key per line can be replayed
 * (`awk '{ print $2 }' access.log > keys.txt`). Blank lines and lines starting with `#`
 * are skipped. Keys become dense ids in order of first appearance, as the `.u32` traces
 * have them; only equality matters to a cache, so the replay is the log's.
 *
 * Throws a `TypeError` when the file holds a NUL byte (a binary file: name a uint32 trace
 * `.u32`) or no request at all.
 *
 * @param chunkBytes - bytes read per step (default 16 MiB; the result does not depend on it).
 */
export function readTextTrace(path: string, chunkBytes = CHUNK): Trace {
  const ids = new Map<string, number>()
  let keys = new Uint32Array(1024)
  let n = 0
  const take = (line: string): void => {
    const key = line.trim()
    if (key === '' || key.startsWith('#')) return
    let id = ids.get(key)
    if (id === undefined) {
      id = ids.size
      ids.set(key, id)
    }
    if (n === keys.length) {
      const bigger = new Uint32Array(2 * keys.length)
      bigger.set(keys)
      keys = bigger
    }
    keys[n++] = id
  }
  const decoder = new TextDecoder('utf-8')
  const buf = Buffer.alloc(chunkBytes)
  const fd = openSync(path, 'r')
  let rest = ''
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, chunkBytes, null)
      if (got === 0) break
      const bytes = buf.subarray(0, got)
      if (bytes.includes(0)) {
        throw new TypeError(
          `${path}: looks binary (it holds a NUL byte); a trace of little-endian uint32 ids must be named *.u32, a text trace holds one key per line`,
        )
      }
      // `stream: true` keeps a UTF-8 sequence split across two chunks whole.
      const lines = (rest + decoder.decode(bytes, { stream: true })).split('\n')
      rest = lines.pop()!
      for (const line of lines) take(line)
    }
    take(rest + decoder.decode())
  } finally {
    closeSync(fd)
  }
  if (n === 0) throw new TypeError(`${path}: no requests (a text trace holds one key per line)`)
  return { name: basename(path), keys: keys.slice(0, n) }
}
