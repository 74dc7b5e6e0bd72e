/**
 * Strict structural equality for codec round trips: primitives by `Object.is`
 * (so `-0` ≠ `0`, `NaN` = `NaN`), the same prototype at every level (a `Buffer`
 * is not a `Uint8Array`), object keys, Map entries and Set items in the same
 * order, no holes. Returns the path of the first difference, or undefined.
 */
export function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Object.is(a, b)) return undefined
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${describe(a)} vs ${describe(b)}`
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`
  if (a instanceof Date) {
    return Object.is(a.getTime(), (b as Date).getTime()) ? undefined : `${path}: dates differ`
  }
  if (a instanceof Uint8Array) {
    const other = b as Uint8Array
    if (a.length !== other.length) return `${path}: byte lengths differ`
    for (let i = 0; i < a.length; i++) if (a[i] !== other[i]) return `${path}[${i}]: bytes differ`
    return undefined
  }
  if (a instanceof Map) {
    return difference(
      [...a.entries()],
      [...(b as Map<unknown, unknown>).entries()],
      `${path}<entries>`,
    )
  }
  if (a instanceof Set) {
    return difference([...a.values()], [...(b as Set<unknown>).values()], `${path}<items>`)
  }
  const keysA = Reflect.ownKeys(a)
  const keysB = Reflect.ownKeys(b)
  if (keysA.length !== keysB.length)
    return `${path}: key counts differ (${keysA.length} vs ${keysB.length})`
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i]!
    if (key !== keysB[i]) return `${path}: key order differs at ${String(key)}`
    const left = Object.getOwnPropertyDescriptor(a, key)!
    const right = Object.getOwnPropertyDescriptor(b, key)!
    if (left.enumerable !== right.enumerable) return `${path}.${String(key)}: enumerability differs`
    const found = difference(left.value, right.value, `${path}.${String(key)}`)
    if (found) return found
  }
  return undefined
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  return typeof value === 'object' ? (value === null ? 'null' : 'an object') : String(value)
}
