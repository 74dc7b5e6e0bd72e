import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { ResultCode } from '../src/result-codes.js'
import { root } from './helpers/env.js'

it('the result codes of result_codes.h and src/result-codes.ts agree, name for name', () => {
  const header = readFileSync(`${root}/src/native/addon/result_codes.h`, 'utf8')
  const fromHeader: Record<string, number> = {}
  for (const m of header.matchAll(/constexpr\s+int32_t\s+k(\w+)\s*=\s*(-?\d+)\s*;/g)) {
    fromHeader[m[1] as string] = Number(m[2])
  }
  expect(Object.keys(fromHeader).length).toBeGreaterThan(0)
  expect(fromHeader).toEqual({ ...ResultCode })
})
