import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { parseMessage } from '../src/bus.js'
import { latencySince, monotonicClockId, monotonicMs, sendStamp } from '../src/send-clock.js'

const linux = process.platform === 'linux'

describe('invalidation timestamps', () => {
  it.runIf(linux)(
    '(Linux only: the boot id) a stamp carries the monotonic clock and the boot id',
    () => {
      const stamp = sendStamp()
      expect(stamp.clock).toMatch(/^[0-9a-f-]{36}$/)
      expect(stamp.clock).toBe(monotonicClockId())
      expect(typeof stamp.mono).toBe('number')
      const latency = latencySince(stamp)
      expect(latency).toBeGreaterThanOrEqual(0)
      expect(latency).toBeLessThan(60_000)
    },
  )

  it.runIf(linux)(
    "(Linux only: the boot id) another process's stamp, read here later, never gives a negative latency",
    () => {
      // The premise of `mono`: every process of a boot reads the same CLOCK_MONOTONIC. A child
      // stamps; this process reads it after the child has exited, so it must be later.
      for (let run = 0; run < 5; run++) {
        const out = execFileSync(process.execPath, [
          '-e',
          `const [s, ns] = process.hrtime();
           const clock = require('node:fs').readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
           process.stdout.write(JSON.stringify({ at: Date.now(), mono: s * 1e3 + ns / 1e6, clock }))`,
        ])
        const stamp = JSON.parse(String(out))
        expect(stamp.clock).toBe(monotonicClockId())
        expect(latencySince(stamp)).toBeGreaterThanOrEqual(0)
      }
    },
  )

  it('a stamp from another clock (another machine or boot) is timed by the wall clock', () => {
    const at = Date.now() - 50
    // A monotonic reading that would give about −1e9 ms if it were (wrongly) compared.
    const latency = latencySince({ at, mono: monotonicMs() + 1e9, clock: 'another-boot' })
    expect(latency).toBeGreaterThanOrEqual(50)
    expect(latency).toBeLessThan(60_000)
    expect(latencySince({ at })).toBeGreaterThanOrEqual(50)
  })

  it('messages: the monotonic fields are optional and only kept together and well-typed', () => {
    const base = { origin: 'o', keys: ['a2V5'], at: 1 }
    expect(parseMessage(JSON.stringify(base))).toEqual(base)
    expect(parseMessage(JSON.stringify({ ...base, mono: 5, clock: 'c' }))).toEqual({
      ...base,
      mono: 5,
      clock: 'c',
    })
    // Malformed timing fields cost the message its precise timing, not its invalidation.
    expect(parseMessage(JSON.stringify({ ...base, mono: '5', clock: 'c' }))).toEqual(base)
    expect(parseMessage(JSON.stringify({ ...base, mono: 5 }))).toEqual(base)
    expect(parseMessage(JSON.stringify({ origin: 'o', keys: null }))).toBeUndefined()
  })
})
