// INTERIM: a stand-in for core's codec until it lands on main (same tag bytes for
// the direct forms; structures through node:v8). Deleted once `@warp/core` ships
// encodeValue/decodeValue/encodeKey.
import { deserialize, serialize } from 'node:v8'
import { CacheError } from '@warp/core'

export const CODEC_ID = 1

function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed()
}

function withTag(tag: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1)
  out[0] = tag
  out.set(payload, 1)
  return out
}

export function encodeValue(value: unknown): Uint8Array {
  switch (typeof value) {
    case 'undefined':
      return Uint8Array.of(0x75)
    case 'boolean':
      return Uint8Array.of(value ? 0x74 : 0x66)
    case 'number': {
      const b = Buffer.alloc(9)
      b[0] = 0x64
      b.writeDoubleLE(value, 1)
      return new Uint8Array(b)
    }
    case 'bigint':
      return withTag(value < 0n ? 0x2d : 0x2b, Buffer.from((value < 0n ? -value : value).toString(16)))
    case 'string':
      return isWellFormed(value)
        ? withTag(0x73, Buffer.from(value, 'utf8'))
        : withTag(0x77, Buffer.from(value, 'utf16le'))
    case 'object':
      if (value === null) return Uint8Array.of(0x6e)
      if (Buffer.isBuffer(value)) return withTag(0x59, value)
      if (value instanceof Uint8Array) return withTag(0x79, value)
      try {
        return withTag(0x6d, serialize(value))
      } catch (cause) {
        throw new CacheError('E_ENCODE', 'value cannot be encoded', { cause })
      }
    default:
      throw new CacheError('E_ENCODE', `a ${typeof value} cannot be encoded`)
  }
}

export function decodeValue(bytes: Uint8Array): unknown {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const rest = b.subarray(1)
  switch (b[0]) {
    case 0x75:
      return undefined
    case 0x6e:
      return null
    case 0x66:
      return false
    case 0x74:
      return true
    case 0x64:
      return b.readDoubleLE(1)
    case 0x2b:
      return BigInt(`0x${rest.toString()}`)
    case 0x2d:
      return -BigInt(`0x${rest.toString()}`)
    case 0x73:
      return rest.toString('utf8')
    case 0x77:
      return rest.toString('utf16le')
    case 0x59:
      return Buffer.from(rest)
    case 0x79:
      return new Uint8Array(rest)
    case 0x6d:
      try {
        return deserialize(rest)
      } catch (cause) {
        throw new CacheError('E_DECODE', 'bad bytes', { cause })
      }
    default:
      throw new CacheError('E_DECODE', 'unknown tag')
  }
}

export const encodeKey = encodeValue
