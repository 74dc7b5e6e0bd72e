import { grown } from '../arrays.js'
import { NO_INT32 } from '../placeholders.js'
import { Slot } from '../slot.js'

/**
 * Where slot `i`'s record lies in {@link SlotLists.records}: four 32-bit words (16 bytes)
 * from word `i << SHIFT`, so that four records fill a 64-byte cache line and none straddles
 * two. A word of it is `(i << SHIFT) | word`: a shift and an OR, which cannot overflow, where
 * `i * 4 + word` costs V8 two overflow checks (about 12 machine instructions per hit in all).
 *
 * An enum rather than module constants, for speed: see `Slot`.
 */
export enum Layout {
  /** Words per record. */
  STRIDE = 4,
  /** log2 of {@link STRIDE}. */
  SHIFT = 2,
  /**
   * Slots below 2^29 only, so that `i << SHIFT` stays a positive int32. Never the limit in
   * practice: a cache keeps its keys and values in JS arrays, which V8 cannot grow past about
   * 2^27 elements.
   */
  MAX_SLOTS = 536870912,
}

/** The words of a record (see {@link Layout}). */
export enum Word {
  /** Toward the tail (the next older slot), or `Slot.NONE`. */
  OLDER = 0,
  /** Toward the head (the next newer slot), or `Slot.NONE`. */
  NEWER = 1,
  /** The slot's list in the bits of {@link Tag.LIST}; the owner's bits above them. */
  TAG = 2,
  /** The owner's. */
  DATA = 3,
}

/** Bits of a record's {@link Word.TAG} word that belong to the lists. */
export enum Tag {
  /** The slot's list (so at most four lists); the owner has bits 2–31. */
  LIST = 3,
}

/**
 * A few doubly linked lists over slots: each slot is in at most one list at a time, and its
 * record's tag says which. Head = most recent, tail = least.
 *
 * Array-of-structs: a slot's links, its list and the owner's data for it (the policy's
 * sketch position and flags) share one record in one `Int32Array`, so that a hit reads and
 * writes one cache line for the slot itself (plus one per neighbour it is linked between),
 * where one array per field took one line per field.
 */
export class SlotLists {
  /** One record per slot (see {@link Layout}). */
  // Placeholders until the constructor sets them (see NO_INT32).
  records: Int32Array = NO_INT32
  readonly head: Int32Array = NO_INT32
  readonly tail: Int32Array = NO_INT32
  readonly count: Int32Array = NO_INT32

  constructor(lists: number, capacity: number) {
    this.records = new Int32Array(recordWords(capacity))
    this.head = new Int32Array(lists).fill(Slot.NONE)
    this.tail = new Int32Array(lists).fill(Slot.NONE)
    this.count = new Int32Array(lists)
  }

  /** The list slot `i` is in. */
  listOf(i: number): number {
    return this.records[(i << Layout.SHIFT) | Word.TAG]! & Tag.LIST
  }

  /** The slot after `i` toward the tail of its list, or `Slot.NONE`. */
  older(i: number): number {
    return this.records[(i << Layout.SHIFT) | Word.OLDER]!
  }

  /** The slot before `i` toward the head of its list, or `Slot.NONE`. */
  newer(i: number): number {
    return this.records[(i << Layout.SHIFT) | Word.NEWER]!
  }

  /** Links slot `i` at the head of list `l` (the owner's tag bits are kept). */
  pushHead(l: number, i: number): void {
    const records = this.records
    const r = i << Layout.SHIFT
    const head = this.head[l]!
    records[r | Word.TAG] = (records[r | Word.TAG]! & ~Tag.LIST) | l
    records[r | Word.OLDER] = head
    records[r | Word.NEWER] = Slot.NONE
    if (head === Slot.NONE) this.tail[l] = i
    else records[(head << Layout.SHIFT) | Word.NEWER] = i
    this.head[l] = i
    this.count[l]!++
  }

  /** Unlinks slot `i` from its list. */
  unlink(i: number): void {
    const r = i << Layout.SHIFT
    const l = this.records[r | Word.TAG]! & Tag.LIST
    this.#detach(r, l)
    this.count[l]!--
  }

  /** Moves slot `i` to the head of list `l` (its own or another). */
  moveToHead(l: number, i: number): void {
    const head = this.head[l]!
    if (head === i) return
    const records = this.records
    const r = i << Layout.SHIFT
    const tag = records[r | Word.TAG]!
    const from = tag & Tag.LIST
    this.#detach(r, from)
    // `head` is still list l's head: unlinking i (not l's head) from l, or from another list, left it.
    records[r | Word.OLDER] = head
    records[r | Word.NEWER] = Slot.NONE
    if (head === Slot.NONE) this.tail[l] = i
    else records[(head << Layout.SHIFT) | Word.NEWER] = i
    this.head[l] = i
    if (from !== l) {
      records[r | Word.TAG] = (tag & ~Tag.LIST) | l
      this.count[from]!--
      this.count[l]!++
    }
  }

  /**
   * {@link moveToHead} within slot `i`'s own list `l` (a hit in the window or in protected):
   * no list or count to change, and a slot that is not the head has a newer neighbour.
   */
  moveUp(l: number, i: number): void {
    const head = this.head[l]!
    if (head === i) return
    const records = this.records
    const r = i << Layout.SHIFT
    const n = records[r | Word.NEWER]!
    const o = records[r | Word.OLDER]!
    records[(n << Layout.SHIFT) | Word.OLDER] = o
    if (o === Slot.NONE) this.tail[l] = n
    else records[(o << Layout.SHIFT) | Word.NEWER] = n
    records[r | Word.OLDER] = head
    records[r | Word.NEWER] = Slot.NONE
    records[(head << Layout.SHIFT) | Word.NEWER] = i
    this.head[l] = i
  }

  /**
   * Joins the neighbours of the slot whose record starts at word `r` (in list `l`) to each
   * other, or makes them the list's head or tail; the slot's own links and the count are
   * left to the caller.
   */
  #detach(r: number, l: number): void {
    const records = this.records
    const newer = records[r | Word.NEWER]!
    const older = records[r | Word.OLDER]!
    if (newer === Slot.NONE) this.head[l] = older
    else records[(newer << Layout.SHIFT) | Word.OLDER] = older
    if (older === Slot.NONE) this.tail[l] = newer
    else records[(older << Layout.SHIFT) | Word.NEWER] = newer
  }

  grow(capacity: number): void {
    this.records = grown(this.records, new Int32Array(recordWords(capacity)))
  }

  clear(): void {
    this.head.fill(Slot.NONE)
    this.tail.fill(Slot.NONE)
    this.count.fill(0)
  }
}

/** The length of the records of `capacity` slots. */
function recordWords(capacity: number): number {
  if (capacity > Layout.MAX_SLOTS) throw new RangeError(`too many slots: ${capacity}`)
  return capacity * Layout.STRIDE
}
