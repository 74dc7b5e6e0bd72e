/**
 * lru-cache 11.5's `diagnostics_channel` channels, which `LRUCache` publishes on too:
 * `lru-cache:metrics` (the `status` object of `get`, `set`, `has`, `peek` and `memo`, after each
 * call, and `{ op: 'delete', delete: reason, key, cache }` for each delete but evictions and
 * `clear()`) and the tracing channel `lru-cache` (`fetch` promises). Free when nobody subscribes: each
 * call checks one `hasSubscribers` flag. Where `diagnostics_channel` cannot be loaded
 * synchronously (no `process.getBuiltinModule`), nothing is published.
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

const none: MetricsChannel & PromiseTracer = {
  hasSubscribers: false,
  publish() {},
  tracePromise: (fn) => fn(),
}

/** The two channels (no-ops when `diagnostics_channel` is unavailable). */
export const channels: DiagnosticsChannels = { metrics: none, tracing: none }

const load = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  ?.getBuiltinModule
if (typeof load === 'function') {
  try {
    const dc = load('node:diagnostics_channel') as {
      channel(name: string): MetricsChannel
      tracingChannel(name: string): PromiseTracer
    }
    channels.metrics = dc.channel('lru-cache:metrics')
    channels.tracing = dc.tracingChannel('lru-cache')
  } catch {
    // No diagnostics_channel here: stay silent, as lru-cache does.
  }
}
