/** True when the platform stores typed-array elements little-endian (every platform Node ships on today). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const float = new Float64Array(1)
const floatBytes = new Uint8Array(float.buffer)

/** The canonical quiet NaN, little-endian: `0x7ff8000000000000`. */
const NAN_BYTES = [0, 0, 0, 0, 0, 0, 0xf8, 0x7f] as const

/** True when `value` takes the 4-byte int32 form: an integer in [-2^31, 2^31) that is not `-0`. */
export function isInt32(value: number): boolean {
  return (value | 0) === value && (value !== 0 || 1 / value > 0)
}

/** Writes `value` as 4 bytes, two's complement, little-endian. */
export function writeInt32(value: number, target: Uint8Array, offset: number): void {
  target[offset] = value & 0xff
  target[offset + 1] = (value >> 8) & 0xff
  target[offset + 2] = (value >> 16) & 0xff
  target[offset + 3] = (value >> 24) & 0xff
}

/** Reads 4 bytes written by {@link writeInt32}. */
export function readInt32(bytes: Uint8Array, offset: number): number {
  return (
    bytes[offset]! |
    (bytes[offset + 1]! << 8) |
    (bytes[offset + 2]! << 16) |
    (bytes[offset + 3]! << 24)
  )
}

/** Writes `value` as 8 bytes IEEE 754 little-endian; every NaN as the canonical quiet NaN. */
export function writeFloat64(value: number, target: Uint8Array, offset: number): void {
  if (Number.isNaN(value)) {
    for (let i = 0; i < 8; i++) target[offset + i] = NAN_BYTES[i]!
    return
  }
  float[0] = value
  if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) target[offset + i] = floatBytes[i]!
  else for (let i = 0; i < 8; i++) target[offset + i] = floatBytes[7 - i]!
}

/** Reads 8 bytes written by {@link writeFloat64}; `undefined` for a NaN that is not the canonical one. */
export function readFloat64(bytes: Uint8Array, offset: number): number | undefined {
  if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) floatBytes[i] = bytes[offset + i]!
  else for (let i = 0; i < 8; i++) floatBytes[7 - i] = bytes[offset + i]!
  const value = float[0]!
  if (!Number.isNaN(value)) return value
  for (let i = 0; i < 8; i++) if (bytes[offset + i] !== NAN_BYTES[i]) return undefined
  return value
}

/** Below this a magnitude is handled as a double: exact, and no string is built. */
const SMALL_MAGNITUDE = 2 ** 48
const HEX: string[] = []
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'))

/**
 * A bigint's magnitude, prepared once by {@link measureMagnitude} and then written
 * by {@link writeMagnitude}: either a number (small) or a hex string (large).
 */
let pendingSmall = 0
let pendingHex = ''

/** Bytes needed for the magnitude `|value|` (0 for `0n`); remembers it for {@link writeMagnitude}. */
export function measureMagnitude(value: bigint): number {
  const magnitude = value < 0n ? -value : value
  if (magnitude < SMALL_MAGNITUDE) {
    let n = Number(magnitude)
    pendingSmall = n
    pendingHex = ''
    let bytes = 0
    while (n > 0) {
      bytes++
      n = Math.floor(n / 256)
    }
    return bytes
  }
  let hex = magnitude.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  pendingHex = hex
  return hex.length / 2
}

/** Writes the magnitude measured last, little-endian, `length` bytes at `offset`. */
export function writeMagnitude(target: Uint8Array, offset: number, length: number): void {
  if (pendingHex === '') {
    let n = pendingSmall
    for (let i = 0; i < length; i++) {
      target[offset + i] = n % 256
      n = Math.floor(n / 256)
    }
    return
  }
  const hex = pendingHex
  for (let i = 0; i < length; i++) {
    const at = hex.length - 2 * (i + 1)
    target[offset + i] = Number.parseInt(hex.slice(at, at + 2), 16)
  }
  pendingHex = ''
}

/** Reads a little-endian magnitude from `bytes[start, end)`. */
export function readMagnitude(bytes: Uint8Array, start: number, end: number): bigint {
  if (end - start <= 6) {
    let n = 0
    for (let i = end - 1; i >= start; i--) n = n * 256 + bytes[i]!
    return BigInt(n)
  }
  let hex = '0x'
  for (let i = end - 1; i >= start; i--) hex += HEX[bytes[i]!]
  return BigInt(hex)
}
