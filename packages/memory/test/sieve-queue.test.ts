import { describe, expect, it } from 'vitest'
import { SieveQueue } from '../src/sieve-queue.js'
import { Slot } from '../src/slot.js'

/** Slots from the head (newest) to the tail (oldest), following `older`. */
function order(q: SieveQueue): number[] {
  const out: number[] = []
  for (let i = q.head; i !== Slot.NONE; i = q.older[i]!) out.push(i)
  return out
}

describe('SieveQueue', () => {
  it('links new slots at the head, unvisited, and unlinks from anywhere', () => {
    const q = new SieveQueue(4)
    for (const i of [0, 1, 2, 3]) q.pushNewest(i)
    expect(order(q)).toEqual([3, 2, 1, 0])
    expect([q.head, q.tail]).toEqual([3, 0])
    q.unlink(2)
    q.unlink(0)
    expect(order(q)).toEqual([3, 1])
    expect([q.head, q.tail, q.newer[1], q.older[3]]).toEqual([3, 1, 3, 1])
  })

  it('sweeps from the tail, clearing visited bits, and leaves the hand after the victim', () => {
    const q = new SieveQueue(4)
    for (const i of [0, 1, 2, 3]) q.pushNewest(i)
    q.visited[0] = 1
    q.visited[1] = 1
    expect(q.victim(Slot.NONE)).toBe(2)
    expect([...q.visited]).toEqual([0, 0, 0, 0])
    expect(q.hand).toBe(3)
    q.unlink(2)
    // The next sweep starts at the hand, not the tail.
    expect(q.victim(Slot.NONE)).toBe(3)
    expect(q.hand).toBe(Slot.NONE)
  })

  it('wraps to the tail, passes over a protected slot, and moves a hand off an unlinked slot', () => {
    const q = new SieveQueue(3)
    for (const i of [0, 1, 2]) q.pushNewest(i)
    q.visited.fill(1)
    // Every bit set: one full pass clears them, the wrap returns to the tail (0), which is protected.
    expect(q.victim(0)).toBe(1)
    expect(q.hand).toBe(2)
    q.unlink(2)
    expect(q.hand).toBe(Slot.NONE)
  })

  it('keeps its links through growth and forgets everything on clear', () => {
    const q = new SieveQueue(2)
    q.pushNewest(0)
    q.pushNewest(1)
    q.visited[0] = 1
    q.grow(8)
    q.pushNewest(7)
    expect(order(q)).toEqual([7, 1, 0])
    expect([q.visited.length, q.visited[0]]).toEqual([8, 1])
    q.clear()
    expect([q.head, q.tail, q.hand, q.visited[0]]).toEqual([Slot.NONE, Slot.NONE, Slot.NONE, 0])
  })
})
