// Measures the codec; never run by `npm test`. Run: npx vitest bench --run test/codec
import { Packr } from 'msgpackr'
import { bench, describe } from 'vitest'
import { decodeValue, encodeInto, encodeValue } from '../../src/codec/index.js'

const short = 'user:12345:profile'
const small = 4242
const object = { id: 12345, name: 'Ada Lovelace', tags: ['math', 'engines'], active: true }
const packr = new Packr({ useRecords: false })
const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder()

const encodedShort = encodeValue(short)
const encodedSmall = encodeValue(small)
const encodedObject = encodeValue(object)
const utf8Short = textEncoder.encode(short)
const packedObject = packr.pack(object)
const target = new Uint8Array(256)

describe('short string', () => {
  bench('encodeValue', () => {
    encodeValue(short)
  })
  bench('encodeInto (reused buffer)', () => {
    encodeInto(short, target, 0)
  })
  bench('baseline: TextEncoder.encode', () => {
    textEncoder.encode(short)
  })
  bench('decodeValue', () => {
    decodeValue(encodedShort)
  })
  bench('baseline: TextDecoder.decode', () => {
    textDecoder.decode(utf8Short)
  })
})

describe('small integer', () => {
  bench('encodeValue', () => {
    encodeValue(small)
  })
  bench('decodeValue', () => {
    decodeValue(encodedSmall)
  })
  bench('baseline: new Uint8Array(5)', () => {
    new Uint8Array(5)
  })
})

describe('small object', () => {
  bench('encodeValue', () => {
    encodeValue(object)
  })
  bench('baseline: unchecked msgpackr pack', () => {
    packr.pack(object)
  })
  bench('decodeValue', () => {
    decodeValue(encodedObject)
  })
  bench('baseline: unchecked msgpackr unpack', () => {
    packr.unpack(packedObject)
  })
})
