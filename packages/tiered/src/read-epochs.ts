interface Reads {
  epoch: number
  readers: number
}

/** What {@link ReadEpochs.begin} hands back for {@link ReadEpochs.end}. */
export interface ReadToken {
  readonly reads: Reads
  readonly epoch: number
  readonly global: number
}

/**
 * Per-key invalidation epochs for the L2 reads in flight, so an L1 fill that raced an
 * invalidation or a local write is dropped. Only keys with a read under way have an entry
 * (memory stays bounded by the reads in flight); a `clear` bumps one global epoch instead.
 */
export class ReadEpochs<K> {
  readonly #reads = new Map<K, Reads>()
  #global = 0

  /** Marks the start of an L2 read of `key`. */
  begin(key: K): ReadToken {
    let reads = this.#reads.get(key)
    if (!reads) {
      reads = { epoch: 0, readers: 0 }
      this.#reads.set(key, reads)
    }
    reads.readers++
    return { reads, epoch: reads.epoch, global: this.#global }
  }

  /** Ends the read; true when nothing invalidated `key` (or everything) since {@link begin}. */
  end(key: K, token: ReadToken): boolean {
    const { reads } = token
    if (--reads.readers === 0) this.#reads.delete(key)
    return reads.epoch === token.epoch && this.#global === token.global
  }

  /** `key` was written or invalidated: fills of reads now in flight are stale. */
  bump(key: K): void {
    const reads = this.#reads.get(key)
    if (reads) reads.epoch++
  }

  /** Everything was invalidated (a `clear`, or the bus came back). */
  bumpAll(): void {
    this.#global++
  }
}
