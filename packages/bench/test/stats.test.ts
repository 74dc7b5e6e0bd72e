import { describe, expect, it } from 'vitest'
import { median, percentile } from '../src/stats.js'

describe('percentile (nearest rank)', () => {
  it('picks one of the values: the smallest with p % of the list at or below it', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i) // 100…1, unsorted
    expect(percentile(hundred, 50)).toBe(50)
    expect(percentile(hundred, 99)).toBe(99)
    expect(percentile(hundred, 100)).toBe(100)
    expect(percentile(hundred, 1)).toBe(1)
    expect(percentile(hundred, 0.5)).toBe(1)
    expect(percentile([3, 1, 2, 4], 50)).toBe(2) // the lower middle, where median() averages
    expect(median([3, 1, 2, 4])).toBe(2.5)
    expect(percentile([7], 99)).toBe(7)
    // 500 values (a --quick invalidation cell): p99 is the 495th, the 6th largest.
    const five = Array.from({ length: 500 }, (_, i) => i + 1)
    expect(percentile(five, 99)).toBe(495)
    expect(percentile(five, 50)).toBe(250)
  })

  it('does not reorder its input, and refuses an empty list or a p outside (0, 100]', () => {
    const v = [3, 1, 2]
    percentile(v, 50)
    expect(v).toEqual([3, 1, 2])
    expect(() => percentile([], 50)).toThrow(RangeError)
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/)
    expect(() => percentile([1], 101)).toThrow(/\(0, 100\]/)
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError)
  })
})
