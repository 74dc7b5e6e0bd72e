/**
 * How progress is shown: `'bar'` redraws one line on a terminal; `'lines'` prints
 * one line per finished measurement (logs, CI, pipes); `'off'` shows nothing.
 */
export type ProgressMode = 'bar' | 'lines' | 'off'

/** Where progress goes: a stream, with `columns` when it is a terminal. */
export interface ProgressStream {
  write(text: string): unknown
  columns?: number
}

/** `12 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
}

/** Shortens `text` to `width` characters, cutting its middle (the ends say the most). */
export function fit(text: string, width: number): string {
  if (text.length <= width) return text
  if (width <= 1) return text.slice(0, Math.max(0, width))
  const head = Math.ceil((width - 1) / 2)
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`
}

/**
 * Progress of a bench run on stderr, with an ETA from the pace so far. The CLI
 * picks `'bar'` when stderr is a TTY and `'lines'` otherwise.
 */
export class Progress {
  #done = 0
  #total = 0
  #started = 0
  readonly #mode: ProgressMode
  readonly #stream: ProgressStream
  readonly #now: () => number

  /**
   * @param mode - `'bar'`, `'lines'` or `'off'`; `true`/`false` mean `'bar'`/`'off'`.
   * @param stream - where to write; default `process.stderr`.
   * @param now - the clock for the ETA, in ms; default `Date.now`.
   */
  constructor(
    mode: ProgressMode | boolean,
    stream: ProgressStream = process.stderr,
    now: () => number = Date.now,
  ) {
    this.#mode = mode === true ? 'bar' : mode === false ? 'off' : mode
    this.#stream = stream
    this.#now = now
  }

  /** Adds `n` measurements to the total. */
  addTotal(n: number): void {
    if (this.#started === 0) this.#started = this.#now()
    this.#total += n
  }

  /** Marks one measurement finished; `label` says which. */
  tick(label: string): void {
    this.#done++
    if (this.#mode === 'lines') {
      this.#stream.write(`[${this.#counter()}] ${label}${this.#eta(' · ')}\n`)
    } else {
      this.draw(label)
    }
  }

  /** Shows what runs now (bar mode only). */
  draw(label: string): void {
    if (this.#mode !== 'bar') return
    const width = 20
    const frac = this.#total === 0 ? 0 : Math.min(1, this.#done / this.#total)
    const filled = Math.round(frac * width)
    const head = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.#counter()} `
    const tail = this.#eta(' · ')
    const cols = this.#cols() - 1
    const room = cols - head.length - tail.length
    const line = room >= 8 ? head + fit(label, room) + tail : fit(head + label, cols)
    this.#stream.write(`\r${line.padEnd(cols)}`)
  }

  /** Clears the bar's line. */
  end(): void {
    if (this.#mode !== 'bar') return
    const cols = this.#cols()
    this.#stream.write(`\r${' '.repeat(cols - 1)}\r`)
  }

  #counter(): string {
    return `${this.#done}/${this.#total}`
  }

  /** `ETA 1 min 20 s` once a measurement finished, else ''. */
  #eta(sep: string): string {
    if (this.#done === 0 || this.#total === 0 || this.#done >= this.#total) return ''
    const elapsed = this.#now() - this.#started
    return `${sep}ETA ${formatDuration((elapsed / this.#done) * (this.#total - this.#done))}`
  }

  // A pseudo-terminal can report 0 columns; never draw narrower than 20.
  #cols(): number {
    return Math.max(20, this.#stream.columns || 80)
  }
}
