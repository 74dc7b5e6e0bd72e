import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeAsText, encodeKey, encodeValue } from '../src/codec/index.js'
import { anyString, anyValue, property } from './codec/arbitraries.js'

const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('hex')
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('encodeAsText', () => {
  it('gives a string whose UTF-8 bytes are the key and value encoding, for any value it accepts', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, anyValue), (value) => {
        const text = encodeAsText(value)
        if (text === undefined) return
        expect(utf8(text)).toBe(hex(encodeKey(value)))
        expect(utf8(text)).toBe(hex(encodeValue(value)))
      }),
      property('encodeAsText = encodeKey as UTF-8'),
    )
  })

  it('accepts every well-formed string, and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, anyValue), (value) => {
        const wellFormed = typeof value === 'string' && Buffer.from(value).toString() === value
        expect(encodeAsText(value) !== undefined).toBe(wellFormed)
      }),
      property('encodeAsText accepts well-formed strings only'),
    )
  })

  it('refuses lone surrogates, whose UTF-8 form would lose them', () => {
    expect(encodeAsText('a\ud800')).toBeUndefined()
    expect(encodeAsText('\udc00b')).toBeUndefined()
    expect(encodeAsText('😀')).toBe('s😀')
    expect(encodeAsText('')).toBe('s')
    expect(encodeAsText(1)).toBeUndefined()
    expect(encodeAsText(Buffer.from('a'))).toBeUndefined()
  })
})
