import { channel, tracingChannel } from 'node:diagnostics_channel'

/**
 * lru-cache 11.5's `diagnostics_channel` channels, which `LRUCache` publishes on too:
 * `lru-cache:metrics` (the `status` object of `get`, `set`, `has`, `peek` and `memo`, after each
 * call, and `{ op: 'delete', delete: reason, key, cache }` for each delete but evictions and
 * `clear()`) and the tracing channel `lru-cache` (`fetch` promises). Free when nobody subscribes: each
 * call checks one `hasSubscribers` flag. Imported statically (this package runs on Node only), so
 * every Node ≥ 20 publishes, not only those with `process.getBuiltinModule`.
 */
interface MetricsChannel {
  readonly hasSubscribers: boolean
  publish(message: unknown): void
}

interface PromiseTracer {
  readonly hasSubscribers: boolean
  tracePromise<T>(fn: () => Promise<T>, context: object): Promise<T>
}

interface DiagnosticsChannels {
  metrics: MetricsChannel
  tracing: PromiseTracer
}

/** The two channels. */
export const channels: DiagnosticsChannels = {
  metrics: channel('lru-cache:metrics'),
  tracing: promiseTracer(tracingChannel('lru-cache')),
}

/** The parts of a `TracingChannel` that {@link promiseTracer} reads (Node 20.0 has them all). */
interface TracingChannelParts {
  readonly start: MetricsChannel
  readonly end: MetricsChannel
  readonly asyncStart: MetricsChannel
  readonly asyncEnd: MetricsChannel
  readonly error: MetricsChannel
  tracePromise<T>(fn: () => Promise<T>, context: object): Promise<T>
}

/**
 * `tracing` as a {@link PromiseTracer}. Before Node 20.13 a `TracingChannel` has no
 * `hasSubscribers`; there it is computed from the five channels a trace publishes on.
 */
export function promiseTracer(tracing: TracingChannelParts): PromiseTracer {
  if ('hasSubscribers' in tracing) return tracing as TracingChannelParts & PromiseTracer
  const parts = [tracing.start, tracing.end, tracing.asyncStart, tracing.asyncEnd, tracing.error]
  return {
    get hasSubscribers() {
      return parts.some((part) => part.hasSubscribers)
    },
    tracePromise: (fn, context) => tracing.tracePromise(fn, context),
  }
}
