import type { SyncBackend } from './backend.js'
import { type AnyFunction, type Memoized, type MemoizedExtras, memoize } from './memoize.js'
import { checkOptions } from './options/check-options.js'
import type { OptionSpecs } from './options/option-spec.js'

const CACHED_OPTIONS: OptionSpecs = {
  backend: {
    type: 'function',
    required: true,
    description: '(instance) => a sync Backend, called once per instance',
  },
  key: { type: 'function', description: '(...args) => key, replacing the built-in argument keys' },
}

/** Options of the {@link cached} decorator. */
export interface CachedOptions<This extends object, F extends AnyFunction, K = unknown> {
  /**
   * Makes the backend for one instance. Called once per instance, on the first
   * call of the method on that instance, so two instances never share entries.
   */
  backend: (instance: This) => SyncBackend<K, ReturnType<F>>
  /** Maps the arguments to the cache key, as in `memoize`'s `key`. */
  key?: (this: This, ...args: Parameters<F>) => K
}

// instance → method name → that instance's memoized method
const registry = new WeakMap<object, Map<string | symbol, Memoized<AnyFunction>>>()

/**
 * A method decorator (TC39 standard decorators; no `experimentalDecorators`)
 * that memoizes a method per instance over a sync backend of your choice.
 *
 * @example
 * ```ts
 * class Prices {
 *   @cached({ backend: () => new SieveCache({ max: 500 }) })
 *   quote(symbol: string): number { … }
 * }
 * ```
 *
 * @typeParam This - the class whose instances own the caches.
 * @typeParam F - the decorated method's type; the memoized method keeps it.
 * @typeParam K - the cache key type (what `options.key` returns; default: core's argument keys).
 */
export function cached<
  This extends object,
  F extends (this: This, ...args: any[]) => any,
  K = unknown,
>(options: CachedOptions<This, F, K>) {
  checkOptions('@cached', CACHED_OPTIONS, options)
  return (method: F, context: ClassMethodDecoratorContext<This, F>): F => {
    if (context.kind !== 'method') {
      throw new TypeError(`@cached can decorate methods only, not a ${String(context.kind)}`)
    }
    const name = context.name
    // One lookup per call: this method's own instance → memoized map. The shared
    // registry is written only when an instance's cache is made, for cacheOf().
    const perInstance = new WeakMap<This, Memoized<AnyFunction>>()
    return function (this: This): ReturnType<F> {
      let memoized = perInstance.get(this)
      if (!memoized) {
        memoized = memoize(method, {
          backend: options.backend(this),
          ...(options.key && { key: options.key }),
        }) as Memoized<AnyFunction>
        perInstance.set(this, memoized)
        let methods = registry.get(this)
        if (!methods) registry.set(this, (methods = new Map()))
        methods.set(name, memoized)
      }
      return memoized.apply(this, arguments as unknown as Parameters<F>)
    } as F
  }
}

/**
 * The cache of a `@cached` method on one instance (`stats()`, `clear()`,
 * `delete(...args)`, `has(...args)`), or `undefined` before its first call.
 */
export function cacheOf<This extends object>(
  instance: This,
  methodName: keyof This & (string | symbol),
): MemoizedExtras<AnyFunction> | undefined {
  return registry.get(instance)?.get(methodName)
}
