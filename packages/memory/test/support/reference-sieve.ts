/**
 * SIEVE written for clarity, not speed: a doubly linked list of node objects,
 * exactly as the NSDI '24 paper describes it. The property tests compare
 * SieveCache against this, hit by hit.
 */
interface Node {
  key: number
  visited: boolean
  newer: Node | null
  older: Node | null
}

export class ReferenceSieve {
  readonly #nodes = new Map<number, Node>()
  #head: Node | null = null // newest
  #tail: Node | null = null // oldest
  #hand: Node | null = null

  constructor(readonly capacity: number) {}

  /** `get`, and `set` on a miss. Returns true on a hit. */
  access(key: number): boolean {
    const node = this.#nodes.get(key)
    if (node) {
      node.visited = true
      return true
    }
    if (this.#nodes.size === this.capacity) this.#evict()
    const fresh: Node = { key, visited: false, newer: null, older: this.#head }
    if (this.#head) this.#head.newer = fresh
    this.#head = fresh
    if (!this.#tail) this.#tail = fresh
    this.#nodes.set(key, fresh)
    return false
  }

  #evict(): void {
    // The hand starts where it stopped, or at the tail; it moves toward the head
    // and wraps to the tail when it runs off the head.
    let node = this.#hand ?? this.#tail
    while (node?.visited) {
      node.visited = false
      node = node.newer ?? this.#tail
    }
    if (!node) return
    this.#hand = node.newer
    if (node.newer) node.newer.older = node.older
    else this.#head = node.older
    if (node.older) node.older.newer = node.newer
    else this.#tail = node.newer
    this.#nodes.delete(node.key)
  }
}
