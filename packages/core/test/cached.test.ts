import { describe, expect, it } from 'vitest'
import { cached, cacheOf } from '../src/index.js'
import { ReferenceBackend } from '../src/testing/index.js'

const perInstance = () => new ReferenceBackend<unknown, number, 'sync'>({ mode: 'sync', max: 100 })

class Prices {
  calls = 0
  constructor(readonly markup: number) {}

  @cached({ backend: perInstance })
  quote(base: number): number {
    this.calls++
    return base * this.markup
  }

  @cached({ backend: perInstance, key: (a: string, b: string) => `${a}/${b}` })
  pair(a: string, b: string): number {
    this.calls++
    return a.length + b.length * this.markup
  }
}

describe('@cached', () => {
  it('memoizes per instance with the right `this`', () => {
    const a = new Prices(2)
    const b = new Prices(10)
    expect(a.quote(5)).toBe(10)
    expect(a.quote(5)).toBe(10)
    expect(b.quote(5)).toBe(50)
    expect(b.quote(5)).toBe(50)
    expect(a.calls).toBe(1)
    expect(b.calls).toBe(1)
  })

  it('gives each method of each instance its own backend, reachable with cacheOf', () => {
    const p = new Prices(3)
    expect(cacheOf(p, 'quote')).toBeUndefined()
    p.quote(1)
    p.pair('x', 'yz')
    p.pair('x', 'yz')
    expect(cacheOf(p, 'quote')?.stats()).toMatchObject({ size: 1, misses: 1 })
    expect(cacheOf(p, 'pair')?.stats()).toMatchObject({ size: 1, hits: 1 })
    expect(cacheOf(p, 'pair')?.has('x', 'yz')).toBe(true)
    cacheOf(p, 'quote')?.clear()
    p.quote(1)
    expect(p.calls).toBe(3)
  })

  it('refuses a missing backend factory and non-method targets', () => {
    expect(() => cached({} as never)).toThrow(/@cached: option "backend" is required/)
    const decorator = cached({ backend: perInstance })
    expect(() => decorator((() => 1) as never, { kind: 'getter', name: 'x' } as never)).toThrow(
      /methods only/,
    )
  })
})
