import { readFileSync } from 'node:fs'

/**
 * The timestamps an invalidation carries, and its latency when it arrives.
 *
 * Two clocks, because neither serves both cases:
 * - the **monotonic clock** (`process.hrtime`: `CLOCK_MONOTONIC` on Linux, one clock for every
 *   process since boot) gives the exact latency between processes of one machine. It means
 *   nothing on another machine, so a message names its clock ({@link monotonicClockId}: the
 *   kernel's boot id) and a receiver on another boot does not use it;
 * - the **wall clock** (`Date.now()`, 1 ms) is comparable between machines, up to their offset.
 *
 * Why not `performance.timeOrigin + performance.now()` (sub-ms wall time): each process fixes
 * its `timeOrigin` once, at start, and never follows later adjustments of the system clock, so
 * two processes' readings disagree — by 0.2–0.9 ms between idle processes here, and by 3 ms in a
 * loaded CI run, where a receiver computed an invalidation 3 ms *before* it was sent.
 */

/** What a message carries to time itself. */
export interface SendStamp {
  /** Wall clock, ms since the epoch. */
  at: number
  /** Monotonic clock, ms (fractional); only with `clock`. */
  mono?: number
  /** Which monotonic clock `mono` is on ({@link monotonicClockId}). */
  clock?: string
}

/** The monotonic clock in ms, fractional (ns resolution). */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime()
  return seconds * 1e3 + nanoseconds / 1e6
}

let clockId: string | null | undefined

/**
 * An id shared by exactly the processes whose monotonic clocks agree: Linux's boot id (one per
 * machine and boot). `undefined` elsewhere (there, latency falls back to the wall clock).
 */
export function monotonicClockId(): string | undefined {
  if (clockId === undefined) {
    try {
      clockId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null
    } catch {
      clockId = null
    }
  }
  return clockId ?? undefined
}

/** The stamp of a message sent now. */
export function sendStamp(): SendStamp {
  const clock = monotonicClockId()
  return clock === undefined ? { at: Date.now() } : { at: Date.now(), mono: monotonicMs(), clock }
}

/**
 * Milliseconds since `stamp` was taken: by the monotonic clock when the sender shares this
 * process's ({@link monotonicClockId}), else by the wall clocks (1 ms resolution, off by the
 * two machines' clock offset, so it can even be negative).
 */
export function latencySince(stamp: SendStamp): number {
  if (stamp.mono !== undefined && stamp.clock !== undefined && stamp.clock === monotonicClockId()) {
    return monotonicMs() - stamp.mono
  }
  return Date.now() - stamp.at
}
