/**
 * A one-line progress bar on stderr. Draws only when enabled (the CLI enables it
 * when stderr is a TTY), so logs and CI output stay clean.
 */
export class Progress {
  #done = 0
  #total = 0
  readonly #enabled: boolean
  readonly #stream: NodeJS.WriteStream

  constructor(enabled: boolean, stream: NodeJS.WriteStream = process.stderr) {
    this.#enabled = enabled
    this.#stream = stream
  }

  addTotal(n: number): void {
    this.#total += n
  }

  /** Marks one unit done and shows what runs next. */
  tick(label: string): void {
    this.#done++
    this.draw(label)
  }

  draw(label: string): void {
    if (!this.#enabled) return
    const width = 24
    const frac = this.#total === 0 ? 0 : Math.min(1, this.#done / this.#total)
    const filled = Math.round(frac * width)
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.#done}/${this.#total} `
    const cols = this.#cols()
    this.#stream.write(`\r${(bar + label).slice(0, cols - 1).padEnd(cols - 1)}`)
  }

  // A pseudo-terminal can report 0 columns; never draw narrower than 20.
  #cols(): number {
    return Math.max(20, this.#stream.columns || 80)
  }

  /** Clears the line. */
  end(): void {
    if (!this.#enabled) return
    const cols = this.#cols()
    this.#stream.write(`\r${' '.repeat(cols - 1)}\r`)
  }
}
