import { describe, EncodeProblem, propertySegment, withSegment } from './problems.js'
import { isWellFormed } from './strings.js'
import { MAX_DEPTH } from './tags.js'

/**
 * Walks a structured value before it is packed. Throws an {@link EncodeProblem}
 * (with its path) for anything that would not come back as the same value, and
 * returns true when the value holds something msgpackr cannot carry as is (a `-0`,
 * a `NaN` (whose bit pattern may not be the canonical one), a lone-surrogate string
 * or key, a `__proto__` key, a `Map`), so it must go through `prepareStructured` first.
 *
 * Supported: plain objects (prototype `Object.prototype`; own enumerable string
 * keys), dense arrays, `Map`, `Set`, `Date`, `Uint8Array`, `Buffer`, and the
 * primitives except symbols. Rejected: functions, symbols, class instances,
 * null-prototype objects, other typed arrays, sparse arrays, cycles, and nesting
 * deeper than {@link MAX_DEPTH}. Shared (acyclic) references are allowed and come
 * back as separate copies. As with `structuredClone`, symbol-keyed and
 * non-enumerable properties are not stored, nor extra own properties of arrays,
 * Maps, Sets, Dates and byte arrays.
 */
export function checkStructured(value: unknown): boolean {
  return new StructureCheck().value(value, 0)
}

class StructureCheck {
  // The objects on the current path; a value already in it is a cycle. An array:
  // paths are short, and a scan of a few entries beats hashing into a Set.
  readonly #ancestors: object[] = []

  value(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case 'string':
        return !isWellFormed(value)
      case 'number':
        return value === 0 ? 1 / value < 0 : Number.isNaN(value)
      case 'boolean':
      case 'undefined':
      case 'bigint':
        return false
      case 'function':
        throw new EncodeProblem('a function')
      case 'symbol':
        throw new EncodeProblem('a symbol')
      default:
        return value === null ? false : this.object(value as object, depth)
    }
  }

  object(value: object, depth: number): boolean {
    if (depth >= MAX_DEPTH) throw new EncodeProblem(`nesting deeper than ${MAX_DEPTH} levels`)
    const proto = Object.getPrototypeOf(value)
    if (proto === Date.prototype || proto === Uint8Array.prototype || proto === Buffer.prototype) {
      return false
    }
    if (this.#ancestors.includes(value)) {
      throw new EncodeProblem('a cycle (a reference back to an enclosing object)')
    }
    this.#ancestors.push(value)
    let special: boolean
    if (proto === Object.prototype) special = this.#plain(value as Record<string, unknown>, depth)
    else if (proto === Array.prototype && Array.isArray(value)) special = this.#array(value, depth)
    else if (proto === Map.prototype) special = this.#map(value as Map<unknown, unknown>, depth)
    else if (proto === Set.prototype) special = this.#set(value as Set<unknown>, depth)
    else throw new EncodeProblem(unsupported(value, proto))
    this.#ancestors.pop()
    return special
  }

  #plain(value: Record<string, unknown>, depth: number): boolean {
    let special = false
    const keys = Object.keys(value)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      if (key === '__proto__' || !isWellFormed(key)) special = true
      try {
        if (this.value(value[key], depth + 1)) special = true
      } catch (error) {
        throw withSegment(error, propertySegment(key))
      }
    }
    return special
  }

  #array(value: unknown[], depth: number): boolean {
    let special = false
    for (let i = 0; i < value.length; i++) {
      try {
        if (!(i in value))
          throw new EncodeProblem('a hole in a sparse array (holes do not round-trip)')
        if (this.value(value[i], depth + 1)) special = true
      } catch (error) {
        throw withSegment(error, `[${i}]`)
      }
    }
    return special
  }

  #map(value: Map<unknown, unknown>, depth: number): boolean {
    let index = 0
    value.forEach((entry, key) => {
      try {
        this.value(key, depth + 1)
      } catch (error) {
        throw withSegment(error, `[map key #${index}]`)
      }
      try {
        this.value(entry, depth + 1)
      } catch (error) {
        throw withSegment(error, `[map value #${index}]`)
      }
      index++
    })
    return true
  }

  #set(value: Set<unknown>, depth: number): boolean {
    let special = false
    let index = 0
    value.forEach((item) => {
      try {
        if (this.value(item, depth + 1)) special = true
      } catch (error) {
        throw withSegment(error, `[set item #${index}]`)
      }
      index++
    })
    return special
  }
}

function unsupported(value: object, proto: unknown): string {
  if (proto === null) return 'an object with a null prototype (copy it into a plain object first)'
  if (ArrayBuffer.isView(value)) {
    return `${describe(value)} (of the binary types only Uint8Array and Buffer are stored; pass a Uint8Array view of its bytes)`
  }
  return describe(value)
}
