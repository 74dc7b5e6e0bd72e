import { tracingChannel } from 'node:diagnostics_channel'
import { describe, expect, it } from 'vitest'
import { promiseTracer } from '../src/lru-diagnostics.js'

describe('promiseTracer', () => {
  it('on a tracing channel without hasSubscribers (Node before 20.13), computes it from the trace channels', async () => {
    const real = tracingChannel('warp-test:old-node-tracing')
    // The channel as Node 20.0–20.12 has it: the five channels and tracePromise, no hasSubscribers.
    const old = {
      start: real.start,
      end: real.end,
      asyncStart: real.asyncStart,
      asyncEnd: real.asyncEnd,
      error: real.error,
      tracePromise: real.tracePromise.bind(real),
    }
    const tracer = promiseTracer(old)
    expect(tracer).not.toBe(old)
    expect(tracer.hasSubscribers).toBe(false)
    const events: string[] = []
    const onAsyncEnd = () => events.push('asyncEnd')
    real.asyncEnd.subscribe(onAsyncEnd)
    expect(tracer.hasSubscribers).toBe(true)
    await expect(tracer.tracePromise(async () => 42, {})).resolves.toBe(42)
    expect(events).toEqual(['asyncEnd'])
    real.asyncEnd.unsubscribe(onAsyncEnd)
    expect(tracer.hasSubscribers).toBe(false)
  })

  it('on a tracing channel that has hasSubscribers, returns it as is', () => {
    const real = tracingChannel('warp-test:new-node-tracing')
    expect(promiseTracer(real)).toBe(real)
  })
})
