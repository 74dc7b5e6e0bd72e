import { describe, expect, it } from 'vitest'

// msgpackr reads this when it loads; install scripts do not run here, so its
// optional native addon may be missing on a user's machine. The codec must not need it.
process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED = 'true'

describe('codec without msgpackr-extract', () => {
  it('round-trips structured values with msgpackr in pure JS', async () => {
    const msgpackr = await import('msgpackr')
    expect(msgpackr.isNativeAccelerationEnabled).toBe(false)
    const { decodeValue, encodeValue } = await import('../src/codec/index.js')
    const value = {
      text: Array.from({ length: 200 }, (_, i) => `string number ${i} ✓ ${'x'.repeat(i % 50)}`),
      lone: ['\ud800', 'a\udc00'],
      map: new Map([['k', new Set([1, 2n, -0])]]),
    }
    expect(decodeValue(encodeValue(value))).toEqual(value)
  })
})
