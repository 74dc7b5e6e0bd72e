import { describe, expect, it } from 'vitest'
import { CacheError, closeInstance } from '../src/index.js'

class Counter {
  #n = 0
  get size(): number {
    return this.#n
  }
  add(): number {
    return ++this.#n
  }
  close(): void {
    closeInstance(this, 'Counter')
  }
}
class Sub extends Counter {
  twice(): number {
    this.add()
    return this.add()
  }
}

describe('closeInstance', () => {
  it('makes every method and size throw E_CLOSED, inherited ones too; close stays callable', () => {
    const c = new Sub()
    expect(c.twice()).toBe(2)
    c.close()
    for (const call of [() => c.add(), () => c.twice(), () => c.size]) {
      expect(call).toThrow(CacheError)
      try {
        call()
      } catch (error) {
        expect((error as CacheError).code).toBe('E_CLOSED')
        expect((error as Error).message).toMatch(/Counter is closed/)
      }
    }
    expect(() => c.close()).not.toThrow()
  })

  it('leaves other instances of the class open', () => {
    const [a, b] = [new Counter(), new Counter()]
    a.close()
    expect(b.add()).toBe(1)
  })
})
