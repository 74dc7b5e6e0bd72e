import { C1 } from 'msgpackr'
import { decodeError } from './problems.js'
import { isWellFormed, readUtf16 } from './strings.js'
import { Marker } from './structured-prepare.js'

/**
 * Replaces the markers in a freshly decoded tree (see `structured-prepare.ts`)
 * by the values they stand for, in place where it can. Only called when the scan
 * saw a marker. Throws `CacheError` `E_DECODE` on a malformed or non-canonical
 * marker: an unknown kind, a wrong arity, a UTF-16 string that is well-formed,
 * duplicate Map keys or object keys.
 */
export function restoreStructured(value: unknown): unknown {
  return restore(value)
}

function restore(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    if (value.length > 0 && value[0] === C1) return restoreMarker(value)
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i])
    return value
  }
  const proto = Object.getPrototypeOf(value)
  if (proto === Object.prototype) {
    const object = value as Record<string, unknown>
    for (const key of Object.keys(object)) object[key] = restore(object[key])
    return object
  }
  if (proto === Set.prototype) {
    const set = value as Set<unknown>
    const out = new Set<unknown>()
    for (const item of set) out.add(restore(item))
    if (out.size !== set.size) throw decodeError('duplicate items in a Set')
    return out
  }
  // Date, Uint8Array, Buffer
  return value
}

function restoreMarker(marker: unknown[]): unknown {
  const kind = marker[1]
  switch (kind) {
    case Marker.negativeZero:
      if (marker.length === 2) return -0
      break
    case Marker.utf16: {
      const units = marker[2]
      if (marker.length !== 3 || !Buffer.isBuffer(units) || units.length % 2 !== 0) break
      const text = readUtf16(units, 0, units.length)
      if (isWellFormed(text)) throw decodeError('a well-formed string stored as UTF-16')
      return text
    }
    case Marker.map: {
      if (marker.length % 2 !== 0) break
      const map = new Map<unknown, unknown>()
      for (let i = 2; i < marker.length; i += 2) map.set(restore(marker[i]), restore(marker[i + 1]))
      if (map.size !== (marker.length - 2) / 2) throw decodeError('duplicate keys in a Map')
      return map
    }
    case Marker.entries: {
      if (marker.length % 2 !== 0) break
      const object: Record<string, unknown> = {}
      for (let i = 2; i < marker.length; i += 2) {
        const key = restore(marker[i])
        if (typeof key !== 'string') throw decodeError('an object key that is not a string')
        if (Object.hasOwn(object, key)) throw decodeError('duplicate keys in an object')
        const entry = restore(marker[i + 1])
        // a plain assignment to `__proto__` would set the prototype instead
        Object.defineProperty(object, key, {
          value: entry,
          writable: true,
          enumerable: true,
          configurable: true,
        })
      }
      return object
    }
  }
  throw decodeError(`a malformed marker (${typeof kind === 'string' ? kind : typeof kind})`)
}
