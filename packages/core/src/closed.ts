import { CacheError } from './errors.js'

/**
 * Marks an in-process backend closed without costing its open calls anything: every method
 * found on its prototype chain (except `close`) and the `size` getter are shadowed by own
 * properties that throw `CacheError` `E_CLOSED`, and `close` becomes a no-op. Call it last
 * in `close()`, after dropping the entries.
 *
 * @param target - the backend instance.
 * @param owner - its class name, for the message (`'SieveCache is closed'`).
 */
export function closeInstance(target: object, owner: string): void {
  const closed = () => {
    throw new CacheError('E_CLOSED', `${owner} is closed; create a new one to cache again`)
  }
  const shadowed: PropertyDescriptorMap = {
    close: { value: () => {}, configurable: true },
    size: { get: closed, configurable: true },
  }
  for (
    let proto = Object.getPrototypeOf(target);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name)
      if (name === 'constructor' || name in shadowed || typeof descriptor?.value !== 'function')
        continue
      shadowed[name] = { value: closed, configurable: true }
    }
  }
  Object.defineProperties(target, shadowed)
}
