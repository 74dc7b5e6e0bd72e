/**
 * The slots one walk over a cache has yielded, so that it yields each at most once (lru-cache
 * 11.5.4's rule for iteration): a caller that moves entries while it iterates, or deletes
 * and adds them, could otherwise send the walk back to slots it has passed. Until the
 * cache's order first changes the slots go into an array (a walk with no change stays
 * cheap); from then on they are looked up in a `Set`.
 */
export class VisitOnce {
  /** The cache's count of order changes when the walk began. */
  readonly #movesAtStart: number
  readonly #seen: number[] = []
  #visited: Set<number> | undefined

  constructor(moves: number) {
    this.#movesAtStart = moves
  }

  /** True when the walk reaches slot `i` for the first time; `moves` is the cache's count now. */
  isFirst(i: number, moves: number): boolean {
    if (this.#visited === undefined) {
      if (moves === this.#movesAtStart) {
        this.#seen.push(i)
        return true
      }
      this.#visited = new Set(this.#seen)
    }
    if (this.#visited.has(i)) return false
    this.#visited.add(i)
    return true
  }
}
