import { C1 } from 'msgpackr'
import { isWellFormed } from './strings.js'

/**
 * The markers that carry what plain MessagePack cannot: an array whose first
 * element is msgpackr's `C1` (the never-used byte `0xc1`), then one of these
 * kinds, then its payload. `C1` is not a value users can store (it is rejected as
 * a class instance), and the decoder accepts `0xc1` only as the first element of
 * an array, so a marker can never be confused with data.
 *
 * | marker | stands for |
 * |---|---|
 * | `[C1, 'z']` | `-0` |
 * | `[C1, 'w', bin]` | a string with a lone surrogate; `bin` holds its UTF-16LE code units |
 * | `[C1, 'M', k1, v1, k2, v2, …]` | a `Map`, entries in insertion order |
 * | `[C1, 'O', k1, v1, k2, v2, …]` | a plain object with a `__proto__` key or a lone-surrogate key |
 */
export const Marker = {
  negativeZero: 'z',
  utf16: 'w',
  map: 'M',
  entries: 'O',
} as const

/**
 * Copies an already checked structured value into the tree msgpackr packs: markers
 * in place of what it cannot carry, every `NaN` as the canonical NaN and, with
 * `canonical` (keys), object keys in {@link sortedKeys} order. Maps and Sets keep
 * insertion order in both modes.
 */
export function prepareStructured(value: object, canonical: boolean): unknown {
  return prepareWith(value, canonical)
}

function prepareWith(value: unknown, canonical: boolean): unknown {
  switch (typeof value) {
    case 'string':
      return isWellFormed(value) ? value : [C1, Marker.utf16, Buffer.from(value, 'utf16le')]
    case 'number':
      if (value === 0) return 1 / value < 0 ? [C1, Marker.negativeZero] : 0
      return Number.isNaN(value) ? Number.NaN : value
    case 'object': {
      if (value === null) return null
      const proto = Object.getPrototypeOf(value)
      if (proto === Object.prototype)
        return preparePlain(value as Record<string, unknown>, canonical)
      if (proto === Array.prototype) {
        const array = value as unknown[]
        const out = new Array<unknown>(array.length)
        for (let i = 0; i < array.length; i++) out[i] = prepareWith(array[i], canonical)
        return out
      }
      if (proto === Map.prototype) {
        const out: unknown[] = [C1, Marker.map]
        for (const [key, entry] of value as Map<unknown, unknown>) {
          out.push(prepareWith(key, canonical), prepareWith(entry, canonical))
        }
        return out
      }
      if (proto === Set.prototype) {
        const out = new Set<unknown>()
        for (const item of value as Set<unknown>) out.add(prepareWith(item, canonical))
        return out
      }
      // Date, Uint8Array, Buffer: msgpackr writes them as they are
      return value
    }
    default:
      return value
  }
}

function preparePlain(value: Record<string, unknown>, canonical: boolean): unknown {
  const keys = canonical ? sortedKeys(value) : Object.keys(value)
  let entries = false
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (key === '__proto__' || !isWellFormed(key)) entries = true
  }
  if (entries) {
    const out: unknown[] = [C1, Marker.entries]
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      out.push(prepareWith(key, canonical), prepareWith(value[key], canonical))
    }
    return out
  }
  const out: Record<string, unknown> = {}
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    out[key] = prepareWith(value[key], canonical)
  }
  return out
}

/**
 * The keys of `value` in the order of an object that received them sorted by
 * UTF-16 code units: array-index keys first in numeric order (JavaScript puts
 * them there whatever the insertion order), then the others sorted. It is the
 * `Object.keys` order of the decoded key, so a key's bytes are also the one
 * `encodeValue` encoding of what it decodes to.
 */
function sortedKeys(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value).sort()
  // a null-prototype object takes `__proto__` as an ordinary key
  const ordered: Record<string, true> = Object.create(null)
  for (let i = 0; i < keys.length; i++) ordered[keys[i]!] = true
  return Object.keys(ordered)
}
