import type * as T from './lru-types.js'

/** The resolved per-call options of a fetch, as the `fetchMethod` sees them. */
export type FetchState<K, V, FC> = T.LruFetcherFetchOptions<K, V, FC> & {
  signal?: AbortSignal
}

/** The few things a background fetch does to its cache; `LRUCache` provides them. */
export interface FetchHost<K, V, FC> {
  readonly fetchMethod: T.LruFetcher<K, V, FC>
  /** What the slot holds now: a value, a `BackgroundFetch`, or `undefined` once freed. */
  valueAt(slot: number): unknown
  /** Replaces what the slot holds without any other bookkeeping. */
  setValueAt(slot: number, value: V | T.BackgroundFetch<V> | undefined): void
  /** The slot of `key`, if it is stored. */
  slotOf(key: K): number | undefined
  /** The cache's internal `set`; `bf` is the fetch that produced `value`, if any. */
  store(
    key: K,
    value: V | T.BackgroundFetch<V>,
    options: T.LruFetcherFetchOptions<K, V, FC>,
    bf?: T.BackgroundFetch<V>,
  ): void
  /** The cache's internal `delete` with a dispose reason. */
  remove(key: K, reason: T.LruDisposeReason): void
  /** Rethrows an error a dispose callback raised during the last change. */
  throwPending(): void
}

/**
 * Starts `fetchMethod` for `k` and stores the in-flight promise in the cache (in slot
 * `index`, or as a new entry): lru-cache's background fetch, with its handling of
 * `undefined` results, rejections, aborts (`signal`, eviction, deletion, replacement),
 * `allowStaleOnFetchRejection`, `allowStaleOnFetchAbort`, `ignoreFetchAbort`,
 * `noDeleteOnFetchRejection` and `status` fields. `stale` is the value it replaces.
 */
export function backgroundFetch<K, V, FC>(
  host: FetchHost<K, V, FC>,
  k: K,
  index: number | undefined,
  stale: V | undefined,
  options: FetchState<K, V, FC>,
  context: unknown,
): T.BackgroundFetch<V> {
  const ac = new AbortController()
  const { signal } = options
  // Forward the caller's abort to this fetch, and stop listening to both signals once the
  // fetch settles or is aborted: a long-lived caller signal would otherwise keep every
  // fetch's handler (and all it closes over) until it aborts. A signal that is already
  // aborted fires no event, so it aborts the fetch at once.
  const onSignalAbort = (): void => ac.abort(signal?.reason)
  let onAbort: (() => void) | undefined
  const stopListening = (): void => {
    signal?.removeEventListener('abort', onSignalAbort)
    if (onAbort) ac.signal.removeEventListener('abort', onAbort)
  }
  if (signal?.aborted) ac.abort(signal.reason)
  else signal?.addEventListener('abort', onSignalAbort)
  const fetcherOptions: T.LruFetcherOptions<K, V, FC> = {
    signal: ac.signal,
    options,
    context: context as FC,
  }
  let slot = index
  // Assigned once the promise exists; the callbacks below close over it.
  let bf: T.BackgroundFetch<V>

  const settle = (value: V | undefined, updateCache = false): V | undefined => {
    stopListening()
    const { aborted } = ac.signal
    const ignoreAbort = options.ignoreFetchAbort && value !== undefined
    const proceed =
      options.ignoreFetchAbort || !!(options.allowStaleOnFetchAbort && value !== undefined)
    if (options.status) {
      if (aborted && !updateCache) {
        options.status.fetchAborted = true
        options.status.fetchError = ac.signal.reason
        if (ignoreAbort) options.status.fetchAbortIgnored = true
      } else {
        options.status.fetchResolved = true
      }
    }
    if (aborted && !ignoreAbort && !updateCache) return fail(ac.signal.reason, proceed)
    const current = slot === undefined ? undefined : host.valueAt(slot)
    if (current === bf || (current === undefined && ignoreAbort && updateCache)) {
      if (value === undefined) {
        if (bf.__staleWhileFetching !== undefined) host.setValueAt(slot!, bf.__staleWhileFetching)
        else host.remove(k, 'fetch')
      } else {
        if (options.status) options.status.fetchUpdated = true
        host.store(k, value, fetcherOptions.options, bf)
      }
    }
    host.throwPending()
    return value
  }

  const reject = (error: unknown): V | undefined => {
    stopListening()
    if (options.status) {
      options.status.fetchRejected = true
      options.status.fetchError = error as Error
    }
    return fail(error, false)
  }

  const fail = (error: unknown, proceed: boolean): V | undefined => {
    const { aborted } = ac.signal
    const allowStaleAborted = aborted && options.allowStaleOnFetchAbort
    const allowStale = allowStaleAborted || options.allowStaleOnFetchRejection
    const noDelete = allowStale || options.noDeleteOnFetchRejection
    if (slot !== undefined && host.valueAt(slot) === bf) {
      // With no stale value, the entry stays only while an aborted fetch that is still
      // awaited (allowStaleOnFetchAbort) may yet store its result.
      const del =
        !noDelete || (bf.__staleWhileFetching === undefined && !(proceed && allowStaleAborted))
      if (del) host.remove(k, 'fetch')
      else if (!allowStaleAborted) host.setValueAt(slot, bf.__staleWhileFetching)
    }
    if (allowStale) {
      if (options.status && bf.__staleWhileFetching !== undefined) {
        options.status.returnedStale = true
      }
      return bf.__staleWhileFetching
    }
    if (bf.__returned === bf) throw error
    return undefined
  }

  /**
   * The `fetchMethod` failed after an abort already settled the fetch (with the stale value,
   * under allowStaleOnFetchAbort): drop the pending promise from the cache, so that the
   * next `fetch` calls the `fetchMethod` again instead of waiting on a dead one.
   */
  const lateFail = (): void => {
    if (slot === undefined || host.valueAt(slot) !== bf) return
    const noDelete = options.noDeleteOnFetchRejection || options.allowStaleOnFetchRejection
    if (noDelete && bf.__staleWhileFetching !== undefined) {
      host.setValueAt(slot, bf.__staleWhileFetching)
    } else {
      host.remove(k, 'fetch')
    }
  }

  const run = (
    resolve: (value: V | undefined) => void,
    rejectPromise: (error: unknown) => void,
  ): void => {
    let res = resolve
    let rej: (error: unknown) => void = rejectPromise
    const result = host.fetchMethod(k, stale, fetcherOptions)
    onAbort = () => {
      stopListening()
      if (!options.ignoreFetchAbort || options.allowStaleOnFetchAbort) {
        res(undefined)
        // The fetch keeps running; with allowStaleOnFetchAbort its result is still stored,
        // and its failure drops the pending promise.
        if (options.allowStaleOnFetchAbort) {
          res = (value) => void settle(value, true)
          rej = lateFail
        }
      }
    }
    ac.signal.addEventListener('abort', onAbort)
    // The signal may have aborted already (the caller's was, or the fetchMethod aborted
    // it): no event will fire for that.
    if (ac.signal.aborted) onAbort()
    if (result && result instanceof Promise) {
      result.then(
        (value) => res(value === undefined ? undefined : (value as V)),
        (error) => rej(error),
      )
    } else {
      // A synchronous result, `undefined` included, settles the fetch at once.
      res(result === undefined ? undefined : (result as V))
    }
  }

  if (options.status) options.status.fetchDispatched = true
  const p = new Promise<V | undefined>(run).then(settle, reject)
  bf = Object.assign(p, {
    __abortController: ac,
    __staleWhileFetching: stale,
    __returned: undefined,
  }) as T.BackgroundFetch<V>
  if (slot === undefined) {
    host.store(k, bf, { ...fetcherOptions.options, status: undefined })
    slot = host.slotOf(k)
  } else {
    host.setValueAt(slot, bf)
  }
  return bf
}
